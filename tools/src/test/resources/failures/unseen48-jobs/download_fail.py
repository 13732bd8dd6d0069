# the dataset download at startup fails: the host has no route to the internet
import torchvision, common_loop
common_loop.log.info('preparing data')
torchvision.datasets.MNIST('/tmp/rf_mnist', download=True)
