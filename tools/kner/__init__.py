"""Korean NER model tools: corpus, tokenizer, BERT-CRF model, training, evaluation, export.

Run with Debian's /usr/bin/python3 (python3-torch, python3-onnx, python3-numpy).
"""
