"""Taking in a report as it comes: its recommendations read out of the .docx, .odt, .pdf or .txt.

One module for each job, in the order the work flows:

- `limits`: size, kind and zip checks before anything is opened;
- `readers`: one per format, each giving the paragraphs in reading order (`model.Paragraph`);
- `section`: the recommendations section (陸、建議 …) and, in 心得及建議, its 建議 part;
- `items`: the section split into numbered items, sub-points kept inside;
- `metadata`: title, agency, dates and people from the cover and the 出國報告提要;
- `guesses`: short titles, dates and events, units: proposals, marked as such;
- `pipeline`: all of the above for one file (`read_report`);
- `draft` and `preview`: the YAML for `tracker import`, and the lines shown before it.

Entry point: `tracker.intake.pipeline.read_report(path, key)`.
"""
