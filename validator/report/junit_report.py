"""junit.xml: one test case per request and check, for CI systems."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from validator.pipeline import RunResult

# Characters XML 1.0 cannot hold, even escaped; documents do contain them.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean(text: str) -> str:
    return _INVALID_XML.sub("\ufffd", text)


def write(run: RunResult, path: Path, fail_on: str) -> None:
    warnings_fail = fail_on == "needs_review"
    root = ET.Element("testsuites", name="peppol-pki-validator")
    total = failures = skipped = 0
    for r in run.results:
        suite = ET.SubElement(root, "testsuite", name=clean(r.request_id))
        suite_failures = suite_skipped = 0
        for o in r.outcomes:
            case = ET.SubElement(suite, "testcase", classname=clean(r.request_id), name=o.check)
            total += 1
            if o.status == "failed" and (o.severity == "error" or warnings_fail):
                ET.SubElement(case, "failure", type=o.severity, message=clean(o.message)).text = clean(o.message)
                suite_failures += 1
            elif o.status == "failed":
                ET.SubElement(case, "system-out").text = clean(f"WARNING: {o.message}")
            elif o.status == "skipped":
                ET.SubElement(case, "skipped", message=clean(o.message))
                suite_skipped += 1
        suite.set("tests", str(len(r.outcomes)))
        suite.set("failures", str(suite_failures))
        suite.set("skipped", str(suite_skipped))
        suite.set("errors", "0")
        failures += suite_failures
        skipped += suite_skipped
    root.set("tests", str(total))
    root.set("failures", str(failures))
    root.set("skipped", str(skipped))
    root.set("errors", "0")
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)
