/**
 * "New type": a person adds an entity type to the model's tag set (name, colour, key:
 * workspace/custom-types.ts), labels examples of it like any type, then adapts the model (AdaptPanel),
 * which learns it. Lists the added types, each removable (the labels already set stay in the documents).
 */
import { useState, type FormEvent } from 'react';
import { FREE_LETTERS, customTypeProblem, useCustomTypes } from '../workspace/custom-types';
import { useT } from '../view/i18n';

export function NewTypeForm({ tagSet, modelTypes }: { readonly tagSet: string; readonly modelTypes: readonly string[] }) {
  const t = useT();
  const custom = useCustomTypes(tagSet);
  const usedKeys = custom.types.map((type) => type.key);
  const freeKeys = FREE_LETTERS.filter((letter) => !usedKeys.includes(letter));
  const [name, setName] = useState('');
  const [colour, setColour] = useState('#ffb347');
  const [key, setKey] = useState<string>('');
  const [problem, setProblem] = useState<string | null>(null);
  const chosenKey = freeKeys.includes(key) ? key : (freeKeys[0] ?? '');

  const add = (event: FormEvent) => {
    event.preventDefault();
    const type = { name: name.trim(), colour, key: chosenKey };
    const why = customTypeProblem(type, [...modelTypes, ...custom.types.map((each) => each.name)], usedKeys);
    setProblem(why);
    if (why) return;
    custom.add(type);
    setName('');
  };

  return (
    <form className="new-type" data-testid="new-type" onSubmit={add}>
      <strong>{t('newType')}</strong>{' '}
      <input type="text" data-testid="new-type-name" aria-label={t('newTypeName')} placeholder="SHIP" value={name} onChange={(event) => setName(event.target.value)} />{' '}
      <input type="color" data-testid="new-type-colour" aria-label={t('newTypeColour')} value={colour} onChange={(event) => setColour(event.target.value)} />{' '}
      <label>
        {t('newTypeKey')}{' '}
        <select data-testid="new-type-key" value={chosenKey} onChange={(event) => setKey(event.target.value)}>
          {freeKeys.map((letter) => (
            <option key={letter}>{letter}</option>
          ))}
        </select>
      </label>{' '}
      <button type="submit" data-testid="new-type-add" disabled={!name.trim() || chosenKey === ''}>
        {t('newTypeAdd')}
      </button>
      {problem && (
        <p className="error" role="alert" data-testid="new-type-problem">
          {problem}
        </p>
      )}
      {custom.types.length > 0 && (
        <ul className="new-type-list" data-testid="new-type-list">
          {custom.types.map((type) => (
            <li key={type.name} data-type={type.name}>
              <span className="swatch" data-label={type.name} aria-hidden="true" /> {type.name} <kbd>{type.key}</kbd>{' '}
              <button type="button" onClick={() => custom.remove(type.name)}>
                {t('remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </form>
  );
}
