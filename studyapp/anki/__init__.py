"""Export to Anki (.apkg). Import `studyapp.anki.exporter` only when exporting: it loads genanki."""
