"""Card generation: takeaway set -> notes and cards, with quality checks and quiz forms.

Import from the modules themselves (`cards.generate`, `cards.check`, `cards.quiz`, `cards.model`): this package
imports nothing, so that opening a collection, which reads `cards.version`, does not load the generator.
"""
