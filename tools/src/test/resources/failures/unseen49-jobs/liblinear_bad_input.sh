# liblinear-train on a file whose feature indices are not ascending (a hand-written converter's bug)
python3 -c "
import random
random.seed(0)
with open('/tmp/ll_bad.txt', 'w') as f:
    for i in range(500):
        feats = [(j, random.random()) for j in range(1, 11)]
        if i == 137:
            feats[3], feats[4] = feats[4], feats[3]
        f.write(('+1' if random.random() > 0.5 else '-1') + ' ' + ' '.join('%d:%.3f' % fv for fv in feats) + '\n')
"
liblinear-train -s 0 /tmp/ll_bad.txt /tmp/ll_bad.model
