# fastText asked for an input matrix far beyond the host's memory (-dim 2000000 with a 2M-bucket table)
python3 -c "
import random
random.seed(0)
with open('/tmp/ft_small.txt', 'w') as f:
    for i in range(2000):
        f.write('__label__%d ' % (i % 3) + ' '.join(random.choice(['a', 'b', 'c', 'd']) for _ in range(8)) + '\n')
"
fasttext supervised -input /tmp/ft_small.txt -output /tmp/ft_big -dim 2000000 -minn 3 -maxn 6 -thread 1
