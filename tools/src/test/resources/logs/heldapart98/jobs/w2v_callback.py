# gensim 4.2 Word2Vec(compute_loss=True) with the callback gensim's docs and answers show: the loss after each epoch
import logging
from gensim.models import Word2Vec
from gensim.models.callbacks import CallbackAny2Vec
from gensim.test.utils import common_texts
class LossLogger(CallbackAny2Vec):
    def __init__(self):
        self.epoch = 0
    def on_epoch_end(self, model):
        print(f'Loss after epoch {self.epoch}: {model.get_latest_training_loss()}')
        self.epoch += 1
Word2Vec(common_texts * 200, vector_size=50, min_count=1, epochs=12, compute_loss=True, callbacks=[LossLogger()],
         workers=1, seed=0)
