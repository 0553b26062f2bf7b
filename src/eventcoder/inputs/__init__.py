"""Reading articles: files, folders, standard input, JSON Lines, CSV, HTML and WARC,
turned into ``Article`` records or ``InputFailure`` reasons."""
