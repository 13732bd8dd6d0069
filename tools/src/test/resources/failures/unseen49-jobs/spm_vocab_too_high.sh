# SentencePiece's trainer asked for a vocabulary larger than the corpus can give
python3 -c "
import random
random.seed(0)
words = ['train', 'model', 'loss', 'step', 'epoch', 'gradient', 'batch', 'token', 'layer', 'vector']
with open('/tmp/spm.txt', 'w') as f:
    for i in range(20000):
        f.write(' '.join(random.choice(words) + random.choice(['', 's', 'ing', 'ed']) for _ in range(12)) + '\n')
"
spm_train --input=/tmp/spm.txt --model_prefix=/tmp/spm_m --vocab_size=200 --model_type=unigram
