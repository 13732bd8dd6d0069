# gensim's downloader fetching pretrained vectors with no route to the internet
import logging
logging.basicConfig(format='%(asctime)s : %(levelname)s : %(message)s', level=logging.INFO)
import gensim.downloader as api
vectors = api.load('glove-wiki-gigaword-50')
