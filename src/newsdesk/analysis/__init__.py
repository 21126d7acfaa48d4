"""Analysis stages over a parsed document: persuasion techniques, stances, historical analogies.

Each module is one stage and a pure function of the spaCy Doc and earlier results:
``techniques.find_techniques``, ``stance.find_stances``, ``analogies.find_analogies``.
``linear`` holds the small n-gram featuriser and linear scorer that the two learned stages share,
so that inference needs only numpy (scikit-learn is used only by the training scripts).

The package is ``analysis`` rather than ``analyze`` so that it never shadows the public function
``newsdesk.analyze(text)``.
"""
