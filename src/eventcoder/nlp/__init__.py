"""spaCy: loading the model, annotating articles (the trigger screen that decides which
sentences get the whole model), and the remembered attribute ruler / lemmatizer."""
