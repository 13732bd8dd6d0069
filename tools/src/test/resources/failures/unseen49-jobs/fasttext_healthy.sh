# fastText supervised to the end, then its test report
python3 -c "
import random
random.seed(0)
words = ['alpha', 'beta', 'gamma', 'delta', 'eps', 'zeta', 'eta', 'theta', 'iota', 'kappa']
for name, n in (('/tmp/ft_tr.txt', 50000), ('/tmp/ft_te.txt', 2000)):
    with open(name, 'w') as f:
        for i in range(n):
            lab = random.randrange(4)
            f.write('__label__%d ' % lab + ' '.join(random.choice(words[lab:lab+5]) for _ in range(12)) + '\n')
"
fasttext supervised -input /tmp/ft_tr.txt -output /tmp/ft_m -epoch 10 -thread 1
fasttext test /tmp/ft_m.bin /tmp/ft_te.txt
