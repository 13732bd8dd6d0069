# gensim saving its model to a volume that is full (a 2 MiB tmpfs at /tmp/rf_small)
import logging
logging.basicConfig(format='%(asctime)s : %(levelname)s : %(message)s', level=logging.INFO)
from gensim.models import Word2Vec
from gensim.test.utils import common_texts
texts = [[f'w{i}_{j}' for j in range(10)] for i in range(4000)]
m = Word2Vec(texts, vector_size=100, min_count=1, epochs=2, workers=1, seed=0)
m.save('/tmp/rf_small/w2v_epoch2.model')
