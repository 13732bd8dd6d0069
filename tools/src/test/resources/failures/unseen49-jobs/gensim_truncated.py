# gensim: a saved Word2Vec model cut short (a copy interrupted mid-write), loaded to continue training
import logging, shutil
logging.basicConfig(format='%(asctime)s : %(levelname)s : %(message)s', level=logging.INFO)
from gensim.models import Word2Vec
from gensim.test.utils import common_texts
m = Word2Vec(common_texts * 50, vector_size=20, min_count=1, epochs=2, workers=1, seed=0)
m.save('/tmp/w2v.model')
data = open('/tmp/w2v.model', 'rb').read()
open('/tmp/w2v_resume.model', 'wb').write(data[: len(data) // 3])
m2 = Word2Vec.load('/tmp/w2v_resume.model')
m2.train(common_texts * 50, total_examples=450, epochs=2)
