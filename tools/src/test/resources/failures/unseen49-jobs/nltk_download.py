# NLTK fetching its tokenizer models with no route to the internet, then tokenizing
import nltk
nltk.download('punkt')
print(nltk.word_tokenize('A training corpus sentence.'))
