# SentencePiece's trainer (Debian's sentencepiece 0.1.97), unigram model: its LOG(INFO) report and EM sub-iterations
python3 -c "
import random
random.seed(0)
words = ['train', 'model', 'loss', 'step', 'epoch', 'gradient', 'batch', 'token', 'layer', 'vector']
with open('/tmp/spm.txt', 'w') as f:
    for i in range(20000):
        f.write(' '.join(random.choice(words) + random.choice(['', 's', 'ing', 'ed']) for _ in range(12)) + '\n')
"
spm_train --input=/tmp/spm.txt --model_prefix=/tmp/spm_m --vocab_size=60 --model_type=unigram
