"""Downloads of tabular data (GET /exports/<name>.csv|.xlsx): a list of columns and a source of
rows become a CSV or XLSX stream.

  tabular.py   Column, Lang, Format and the two writers (CPU work, run in worker threads)
  download.py  KeysetSource (rows in id order, in batches, up to a cap), Download (the stream
               and its headers), ExportGate (how many run at once)
  params.py    query parameters read strictly: unknown, repeated or malformed ones are INVALID
  residents.py the residents list (its filter, masked as on screen): the first export

A new export (points, evaluations, figures) names its columns, builds its scoped query with
the same function its list uses, turns a batch of rows into cells and calls `download`.
"""
