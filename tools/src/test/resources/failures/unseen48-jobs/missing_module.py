# the training script imports a package the environment does not have
import torch
import pytorch_lightning as pl
