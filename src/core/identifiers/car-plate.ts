/**
 * Korean vehicle registration plates: 12가 3456, 123가4567 (since 2019), and the older
 * regional form 서울 12가 3456 / 서울12가3456.
 *
 * The syllable in the middle comes from the fixed set the plates use (private cars, taxis and
 * buses, rentals, couriers), so "12시 3456" or "10대 1234" are not plates.
 */
import { scan, type IdentifierMatch } from './rule';

const PLATE_SYLLABLES = '가나다라마거너더러머버서어저고노도로모보소오조구누두루무부수우주아바사자배하허호';
const REGIONS = '서울|부산|대구|인천|광주|대전|울산|세종|경기|강원|충북|충남|전북|전남|경북|경남|제주';
const PLATE = new RegExp(`(?<![0-9A-Za-z])(?:(?:${REGIONS}) ?\\d{1,2}|\\d{2,3}) ?[${PLATE_SYLLABLES}] ?\\d{4}(?![0-9A-Za-z])`, 'g');

export function findCarPlates(text: string): IdentifierMatch[] {
  return scan(text, PLATE, () => 'PLATE');
}
