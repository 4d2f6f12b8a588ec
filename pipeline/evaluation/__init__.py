"""The evaluation: the extractor scored against hand-written gold, part by part.

Parts (evaluation/parts.yaml): the held-out real texts (the headline figure), the development
real texts, and the seed and invented fixtures (tests/gold). `quality` reads and writes the
committed figures (evaluation/quality.json) and is the only module the build imports.

gold.py     parts, gold files, spans, dates      names.py    actor names compared by readers' rules
records.py  statements and meetings              demands.py  demands and responses
actors.py   actor typing                         run.py      extract, score, add up
report.py   text reports                         quality.py  the committed figures
"""
