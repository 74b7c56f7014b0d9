"""The docs: the API reference is current, every public item has an example, every
page is linked from the index, and every example runs."""

from __future__ import annotations

import doctest
import importlib.util
import inspect
import re
from pathlib import Path
from types import ModuleType

import pytest

DOCS = Path(__file__).resolve().parents[1] / "docs"


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate_api", DOCS / "generate_api.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_api_reference_is_current() -> None:
    expected = _generator().render()
    assert (DOCS / "api.md").read_text(encoding="utf-8") == expected, (
        "docs/api.md is out of date: run PYTHONPATH=src python docs/generate_api.py")


def test_api_reference_has_every_public_item() -> None:
    text = (DOCS / "api.md").read_text(encoding="utf-8")
    items = _generator().public_api()
    assert len(items) >= 29
    for module, name in items:
        assert f"## `{module.__name__}.{name}`" in text
    assert "### `Report.to_json(path=None, *, indent=2)`" in text
    assert "- `Outcome.ROUNDING` = `'rounding'`" in text


@pytest.mark.parametrize("item", _generator().public_api(),
                         ids=lambda item: f"{item[0].__name__}.{item[1]}")
def test_every_public_item_has_a_docstring_with_an_example(item: tuple[ModuleType, str]) -> None:
    module, name = item
    obj = getattr(module, name)
    target = obj if inspect.isclass(obj) or callable(obj) else type(obj)
    doc = inspect.getdoc(target) or ""
    examples = doctest.DocTestParser().get_examples(doc)
    assert examples, f"{module.__name__}.{name} has no >>> example in its docstring"
    assert any(e.source.strip() and not e.source.startswith("import") for e in examples)


def test_the_index_links_every_page() -> None:
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    linked = set(re.findall(r"\]\(([^)#]+\.md)(?:#[^)]*)?\)", index))
    pages = {p.name for p in DOCS.glob("*.md")} - {"index.md"}
    assert pages <= linked, f"not linked from docs/index.md: {sorted(pages - linked)}"
    assert linked <= pages | {"../README.md"}, f"broken links: {sorted(linked - pages)}"


def test_every_python_block_in_the_docs_is_a_doctest() -> None:
    """pytest runs docs/*.md as doctests (--doctest-glob), so a ```python block runs
    only if it is written as >>> examples; api.md is generated from docstrings that run
    as doctests of their modules (see the root conftest.py)."""
    for page in DOCS.glob("*.md"):
        text = page.read_text(encoding="utf-8")
        for block in re.findall(r"```python\n(.*?)```", text, re.S):
            assert block.lstrip().startswith(">>> "), f"{page.name}: {block[:80]!r}"
