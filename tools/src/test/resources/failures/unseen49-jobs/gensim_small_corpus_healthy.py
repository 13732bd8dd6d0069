# gensim Word2Vec at INFO on a small corpus: its 'under 10 jobs per worker' WARNING, training to the end
import logging
logging.basicConfig(format='%(asctime)s : %(levelname)s : %(message)s', level=logging.INFO)
from gensim.models import Word2Vec
from gensim.test.utils import common_texts
m = Word2Vec(common_texts, vector_size=20, min_count=1, epochs=5, workers=3, seed=0)
m.save('/tmp/w2v_small.model')
