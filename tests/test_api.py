"""The REST API through FastAPI's test client: contract, auth, limits, uploads, bad input."""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest
from conftest import SAMPLES
from fastapi.testclient import TestClient

from assistant import NewsAssistant
from ui.api.routes import create_api

pytestmark = pytest.mark.integration
KEY = "s3cret-key"


@pytest.fixture(scope="module")
def client(sample_desk) -> TestClient:
    return TestClient(create_api(sample_desk))


@pytest.fixture
def writable(tmp_path) -> tuple[NewsAssistant, TestClient]:
    desk = NewsAssistant(home=tmp_path / "home", api_key=KEY, upload_max_mb=1, upload_max_files=3)
    return desk, TestClient(create_api(desk))


def auth(key: str = KEY) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def test_health_stats_and_openapi(client):
    assert client.get("/api/health").json()["status"] == "ok"
    assert client.get("/api/stats").json()["stories"] > 50
    schema = client.get("/api/openapi.json").json()
    assert {
        "/api/search",
        "/api/ask",
        "/api/ask/stream",
        "/api/stories/{story_id}",
        "/api/issues",
        "/api/issues/{issue_id}",
        "/api/health",
        "/api/stats",
    } <= schema["paths"].keys()
    assert schema["components"]["schemas"]["AskRequest"]["examples"]
    assert client.get("/docs").status_code == 200


API_PATHS = {"/api/search", "/api/ask", "/api/stories/{story_id}", "/api/issues", "/api/health"}


@pytest.fixture(scope="module")
def served(sample_desk) -> TestClient:
    """The whole server, as `newsdesk serve` runs it: the API with the web app mounted at /."""
    from ui.web.app import create_server

    return TestClient(create_server(sample_desk), base_url="http://127.0.0.1:7860")


def test_docs_load_from_this_server_only(served):
    for page in ("/docs", "/redoc"):
        html = served.get(page).text
        assets = re.findall(r'(?:src|href)="([^"]+)"', html)
        assert assets and "://" not in html  # no CDN, no other host
        for asset in assets:
            assert asset.startswith("/docs/assets/"), asset
            response = served.get(asset)
            assert response.status_code == 200 and len(response.content) > 1000
        kinds = {served.get(a).headers["content-type"].split(";")[0] for a in assets}
        assert "text/javascript" in kinds or "application/javascript" in kinds


def test_openapi_json_is_the_apis_schema(served):
    for url in ("/openapi.json", "/api/openapi.json"):  # not Gradio's internal routes
        paths = served.get(url).json()["paths"]
        assert paths.keys() >= API_PATHS and all(p.startswith("/api/") for p in paths)


def test_other_methods_are_405_and_unknown_paths_404(served):
    wrong = served.get("/api/ask")
    assert wrong.status_code == 405 and wrong.headers["allow"] == "POST" and "POST" in wrong.json()["detail"]
    assert served.put("/api/issues").headers["allow"] == "GET, POST"
    unknown = served.get("/api/nothing-here")
    assert unknown.status_code == 404 and unknown.headers["content-type"] == "application/json"


def test_search_and_filters(client):
    hits = client.get("/api/search", params={"q": "Kaskad Orfeo", "k": 3, "since": "2025-06-05"}).json()
    assert len(hits) == 3 and all(h["date"] >= "2025-06-05" for h in hits)
    assert set(hits[0]) >= {"story_id", "issue_id", "newsletter", "date", "headline", "section", "url", "score", "text"}


@pytest.mark.parametrize(
    "params",
    [
        {"q": ""},
        {"q": "x", "k": 0},
        {"q": "x", "k": 10_000},
        {"q": "x", "since": "juin"},
        {"q": "x", "colour": "red"},
        {"q": "x" * 600},
        {},
    ],
)
def test_bad_search_input_is_a_4xx(client, params):
    response = client.get("/api/search", params=params)
    assert response.status_code == 422 and response.json()["detail"]


@pytest.mark.parametrize(("endpoint", "query"), [("/api/search", {"q": "Kaskad"}), ("/api/issues", {})])
def test_dates_the_wrong_way_round_are_named(client, endpoint, query):
    response = client.get(endpoint, params={**query, "since": "2025-06-09", "until": "2025-06-02"})
    assert response.status_code == 422
    assert "2025-06-09" in response.json()["detail"] and "2025-06-02" in response.json()["detail"]


def test_a_long_question_is_refused_without_being_repeated(client):
    question = "Combien coûte Mistral Compute ? " * 160  # 5,120 characters
    for url in ("/api/ask", "/api/ask/stream"):
        response = client.post(url, json={"question": question})
        assert response.status_code == 422 and "question" in response.json()["detail"]
        assert "Mistral" not in response.text and len(response.text) < 300


def test_ask_and_stream(client):
    answer = client.post(
        "/api/ask", json={"question": "Combien Helioscale investit-il près de Lyon ?", "as_of": "2025-06-12"}
    ).json()
    assert not answer["abstained"] and answer["citations"][0]["story_id"] == "le-filtre-2025-06-02/01"
    with client.stream(
        "POST", "/api/ask/stream", json={"question": "Combien Helioscale investit-il près de Lyon ?"}
    ) as r:
        body = "".join(r.iter_text())
    events = [block.split("\n", 1) for block in body.strip().split("\n\n")]
    assert events[0][0] == "event: delta" and events[-1][0] == "event: answer"
    final = json.loads(events[-1][1].removeprefix("data: "))
    assert final["citations"] and final["text"]


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"question": ""},
        {"question": "x" * 2001},
        {"question": "ok", "unknown": 1},
        {"question": "ok", "history": [{"role": "system", "content": "x"}]},
        {"question": "ok", "as_of": "hier"},
        {"question": "ok", "as_of": "1899-01-01"},
    ],
)
def test_bad_ask_input_is_a_4xx(client, body):
    assert client.post("/api/ask", json=body).status_code == 422
    # The stream refuses it too, before it starts (found by the fuzzer: "response already started").
    assert 400 <= client.post("/api/ask/stream", json=body).status_code < 500


def test_stories_and_issues(client):
    story = client.get("/api/stories/le-filtre-2025-06-03/05").json()
    assert story["kind"] == "op-ed" and "le-filtre-2025-06-03/01" in story["issue_stories"]
    assert "seules 13 %" in story["body"] and story["reprints"] == []  # its second print is its continuation
    assert story["related"] and all(not r.startswith("le-filtre-2025-06-03/") for r in story["related"])
    assert client.get("/api/stories/le-filtre-2025-06-02/03").json()["reprints"] == ["le-filtre-2025-06-05/03"]
    assert client.get("/api/stories/nothing/99").status_code == 404
    issues = client.get("/api/issues", params={"newsletter": "Byte Brief"}).json()
    assert {i["newsletter"] for i in issues} == {"Byte Brief"} and issues[0]["date"] >= issues[-1]["date"]


def test_writes_need_the_key(writable):
    _, client = writable
    files = {"files": ("2025-06-02.md", (SAMPLES / "byte-brief" / "2025-06-02.md").read_bytes())}
    assert client.post("/api/issues", files=files).status_code == 401
    assert client.post("/api/issues", files=files, headers=auth("wrong")).status_code == 401
    report = client.post("/api/issues", files=files, headers=auth()).json()
    assert report["issues_added"] == 1 and report["errors"] == []
    assert client.delete("/api/issues/byte-brief-2025-06-02").status_code == 401
    assert client.delete("/api/issues/byte-brief-2025-06-02", headers=auth()).status_code == 204
    assert client.delete("/api/issues/byte-brief-2025-06-02", headers=auth()).status_code == 404


def test_without_a_key_writes_come_from_loopback_only(sample_desk):
    client = TestClient(create_api(sample_desk))  # the test client's address is "testclient"
    assert client.delete("/api/issues/le-filtre-2025-06-02").status_code == 403
    local = TestClient(create_api(sample_desk), client=("127.0.0.1", 5000))
    assert local.delete("/api/issues/none-2025-01-01").status_code == 404  # allowed, then not found


def test_reads_can_be_protected(tmp_path):
    client = TestClient(create_api(NewsAssistant(home=tmp_path / "home", api_key=KEY, protect_reads=True)))
    assert client.get("/api/search", params={"q": "x"}).status_code == 401
    assert client.get("/api/search", params={"q": "x"}, headers=auth()).status_code == 200
    assert client.get("/api/health").status_code == 200


def test_upload_names_cannot_escape(writable, tmp_path):
    desk, client = writable
    files = {"files": ("../../evil/2025-06-02.md", (SAMPLES / "byte-brief" / "2025-06-02.md").read_bytes())}
    assert client.post("/api/issues", files=files, headers=auth()).status_code == 200
    stored = [p for p in (desk.home / "uploads").rglob("*") if p.is_file()]
    assert [p.name for p in stored] == ["2025-06-02.md"]
    assert all(p.resolve().is_relative_to((desk.home / "uploads").resolve()) for p in stored)
    assert not (tmp_path / "evil").exists()


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name, data in members.items():
            bundle.writestr(name, data)
    return buffer.getvalue()


def test_zip_upload_traversal_and_bomb(writable):
    desk, client = writable
    good = _zip({"issues/2025-06-03.md": (SAMPLES / "byte-brief" / "2025-06-03.md").read_bytes(), "logo.png": b"x"})
    report = client.post("/api/issues", files={"files": ("batch.zip", good)}, headers=auth()).json()
    assert report["issues_added"] == 1
    evil = _zip({"../../outside.md": b"# X 2025-01-01\n\n### T\n\nBody."})
    response = client.post("/api/issues", files={"files": ("evil.zip", evil)}, headers=auth())
    assert response.status_code == 400 and "outside" in response.json()["detail"]
    bomb = _zip({"2025-06-09.md": b"a" * (30 * 2**20)})  # 30 MB of "a": a few KB zipped, over the 1 MB limit
    assert len(bomb) < 100_000
    response = client.post("/api/issues", files={"files": ("bomb.zip", bomb)}, headers=auth())
    assert response.status_code == 413
    assert not list((desk.home / "uploads").rglob("2025-06-09.md"))  # nothing left behind


UNDATED = b"Un titre\n\nUn texte sans date.\n"


def test_an_upload_that_stores_nothing_is_a_422_naming_each_file(writable):
    desk, client = writable
    files = [("files", ("empty.txt", b"")), ("files", ("Notes de juin.txt", UNDATED))]
    response = client.post("/api/issues", files=files, headers=auth())
    assert response.status_code == 422
    body = response.json()
    assert [(f["name"], f["status"]) for f in body["files"]] == [
        ("empty.txt", "failed"),
        ("Notes de juin.txt", "failed"),
    ]
    assert body["files"][0]["reason"].startswith("the file is empty")
    assert "cannot tell the date" in body["files"][1]["reason"]
    assert body["detail"].startswith("nothing was stored: empty.txt: the file is empty")
    assert str(desk.home) not in response.text and "uploads" not in response.text  # no server path
    assert not [p for p in (desk.home / "uploads").rglob("*") if p.is_file()]  # nor the refused files kept


def test_an_upload_that_stores_some_is_a_207(writable):
    _, client = writable
    bundle = _zip(
        {"issues/empty.md": b"  \n", "issues/2025-06-03.md": (SAMPLES / "byte-brief" / "2025-06-03.md").read_bytes()}
    )
    response = client.post("/api/issues", files={"files": ("batch.zip", bundle)}, headers=auth())
    assert response.status_code == 207
    report = response.json()
    assert report["issues_added"] == 1 and "detail" not in report
    assert {f["name"]: f["status"] for f in report["files"]} == {
        "batch.zip:issues/empty.md": "failed",
        "batch.zip:issues/2025-06-03.md": "indexed",
    }
    assert report["errors"] == [
        {
            "source": "batch.zip:issues/empty.md",
            "reason": "the file is empty; save the issue's text in it, or leave it out",
            "kind": "empty",
        }
    ]
    again = client.post(
        "/api/issues",
        files={"files": ("2025-06-03.md", (SAMPLES / "byte-brief" / "2025-06-03.md").read_bytes())},
        headers=auth(),
    )
    assert again.status_code == 200 and again.json()["files"][0]["status"] == "unchanged"


def test_upload_limits_and_types(writable):
    _, client = writable
    big = {"files": ("2025-06-02.md", b"x" * (2 * 2**20))}
    assert client.post("/api/issues", files=big, headers=auth()).status_code == 413
    many = [("files", (f"2025-06-0{n}.md", b"# A 2025-06-01\n\n### T\n\nB.")) for n in range(1, 6)]
    assert client.post("/api/issues", files=many, headers=auth()).status_code == 413
    exe = {"files": ("tool.exe", b"MZ")}
    assert client.post("/api/issues", files=exe, headers=auth()).status_code == 400
    pictures = {"files": ("pictures.zip", _zip({"logo.png": b"x"}))}
    refused = client.post("/api/issues", files=pictures, headers=auth())
    assert refused.status_code == 400 and "no issue file" in refused.json()["detail"]
    assert client.post("/api/issues", headers=auth()).status_code == 422


HOSTILE = """# Hostile Letter 2025-06-20

### Headlines

### [Click here](javascript:alert(1))

<script>alert('x')</script> An <img src=x onerror=alert(2)> ordinary story about Zorglub robots.

### Zorglub <b onmouseover=alert(3)>bold</b>

[a link](javascript:alert(4)) Zorglub again.
"""


def test_hostile_issue_content_is_neutralised(tmp_path):
    from ui.web.render import answer_markdown, hit_cards, story_panel

    folder = tmp_path / "hostile-letter"
    folder.mkdir()
    (folder / "2025-06-20.md").write_text(HOSTILE, encoding="utf-8")
    desk = NewsAssistant(home=tmp_path / "home")
    desk.ingest([folder])
    hits = desk.search("Zorglub robots", k=5)
    assert hits and all(h.url is None or not h.url.startswith("javascript") for h in hits)
    pages = [
        hit_cards(hits, "Zorglub"),
        story_panel(desk.story_details(hits[0].story_id), query="Zorglub"),
        answer_markdown(desk.ask("Zorglub robots?", as_of="2025-06-21")),
    ]
    for page in pages:
        assert "<script" not in page and "<img" not in page and "<b " not in page
        assert "javascript:" not in page.replace("javascript\\:", "") or "](javascript" not in page
        assert 'href="javascript' not in page
