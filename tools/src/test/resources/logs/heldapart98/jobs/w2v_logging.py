# gensim 4.2 Word2Vec with logging at INFO, as gensim's tutorials set it: EPOCH progress and per-epoch summaries
import logging
logging.basicConfig(format='%(asctime)s : %(levelname)s : %(message)s', level=logging.INFO)
from gensim.models import Word2Vec
from gensim.test.utils import common_texts
Word2Vec(common_texts * 5000, vector_size=50, min_count=1, epochs=6, workers=2, seed=0)
