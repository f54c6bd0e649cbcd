//! `planlint lsp` spoken to as an editor does: JSON-RPC with Content-Length framing over the
//! built binary's stdin and stdout. Every wait has a deadline, so a silent server fails the
//! test instead of hanging it.

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::cli::{copy_repo, write};
use crate::fixtures_dir;

/// Longest wait for one message from the server.
const TIMEOUT: Duration = Duration::from_secs(20);

/// A running `planlint lsp`, killed when dropped.
struct Server {
    child: Child,
    stdin: Option<ChildStdin>,
    messages: Receiver<Value>,
    next_id: i64,
}

impl Server {
    fn start() -> Self {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("planlint"))
            .arg("lsp")
            .current_dir(fixtures_dir())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (sender, messages) = mpsc::channel();
        thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_frame(&mut reader) {
                if sender.send(message).is_err() {
                    return;
                }
            }
        });
        Server {
            stdin: child.stdin.take(),
            child,
            messages,
            next_id: 0,
        }
    }

    fn send(&mut self, message: Value) {
        self.send_body(&message.to_string());
    }

    fn send_body(&mut self, body: &str) {
        let stdin = self.stdin.as_mut().unwrap();
        write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and returns its response (`result` or `error`).
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.receive(|m| m["id"] == id && m.get("method").is_none())
    }

    /// The next message that `wanted` accepts; the others (logs) are skipped.
    fn receive(&self, wanted: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let message = self
                .messages
                .recv_timeout(left)
                .expect("the server answers in time");
            if wanted(&message) {
                return message;
            }
        }
    }

    /// The next message the server logs.
    fn log(&self) -> String {
        let message = self.receive(|m| m["method"] == "window/logMessage");
        message["params"]["message"].as_str().unwrap().to_string()
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&self, uri: &str) -> Vec<Value> {
        let message = self.receive(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        });
        message["params"]["diagnostics"].as_array().unwrap().clone()
    }

    fn initialize(&mut self, root: &Path) -> Value {
        self.initialize_with(root, json!({}))
    }

    fn initialize_with(&mut self, root: &Path, capabilities: Value) -> Value {
        let response = self.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": file_uri(root),
                "capabilities": capabilities,
            }),
        );
        self.notify("initialized", json!({}));
        response
    }

    fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
        );
    }

    /// `shutdown` then `exit`; the exit status.
    fn stop(mut self) -> i32 {
        let response = self.request("shutdown", Value::Null);
        assert_eq!(response["result"], Value::Null, "{response}");
        self.exit()
    }

    /// `exit`, then the exit status once the server is gone.
    fn exit(&mut self) -> i32 {
        self.notify("exit", Value::Null);
        self.stdin.take();
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code().unwrap();
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn read_frame(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length: ") {
            length = value.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

fn file_uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// A scratch copy of the feature-plan repository (a repository of its own: `.git`).
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_repo(dir.path(), "feature-plan");
    fs::create_dir(dir.path().join(".git")).unwrap();
    dir
}

fn clean_plan() -> String {
    fs::read_to_string(fixtures_dir().join("feature-plan/specs/clean.md")).unwrap()
}

/// The clean plan with three defects behind non-ASCII text: a placeholder after an emoji
/// (two UTF-16 units), a path that does not exist, an unknown section.
fn broken_plan() -> String {
    clean_plan()
        .replace(
            "I want to save my queries under a name and rerun them from a list",
            "I want 🚀 é 中文 to <action/goal>",
        )
        .replace(
            "- `app/server/server.py` - FastAPI",
            "- Résumé 🚀 中: `app/server/servr.py` - FastAPI",
        )
        .replace(
            "## Relevant Files",
            "## Architecture 🏗️\nThe service sits beside the query router.\n\n## Relevant Files",
        )
}

/// (code, severity, start line, start character, end line, end character) of each finding.
fn summary(diagnostics: &[Value]) -> Vec<(String, i64, i64, i64, i64, i64)> {
    diagnostics
        .iter()
        .map(|d| {
            let r = &d["range"];
            (
                d["code"].as_str().unwrap_or("").to_string(),
                d["severity"].as_i64().unwrap(),
                r["start"]["line"].as_i64().unwrap(),
                r["start"]["character"].as_i64().unwrap(),
                r["end"]["line"].as_i64().unwrap(),
                r["end"]["character"].as_i64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn diagnostics_follow_open_change_and_close() {
    let dir = workspace();
    let root = fs::canonicalize(dir.path()).unwrap();
    let mut server = Server::start();
    let init = server.initialize(&root);
    assert_eq!(
        init["result"]["capabilities"]["textDocumentSync"]["change"],
        1
    );
    assert_eq!(init["result"]["serverInfo"]["name"], "planlint");

    // A plan not saved yet: linted from the editor's text, its paths checked all the same.
    let uri = file_uri(&root.join("specs/bookmarks.md"));
    server.open(&uri, &broken_plan());
    let diagnostics = server.diagnostics(&uri);
    // `I want 🚀 é 中文 to <action/goal>`: the placeholder is at character 17, UTF-16 unit 18
    // (🚀 is two units). `## Architecture 🏗️` ends at unit 19 (🏗️ is three: U+1F3D7, U+FE0F).
    // `- Résumé 🚀 中: `app/…`: the path is at character 14, unit 15.
    assert_eq!(
        summary(&diagnostics),
        [
            ("placeholder".to_string(), 1, 18, 18, 18, 31),
            ("unknown-section".to_string(), 2, 37, 0, 37, 19),
            ("missing-path".to_string(), 1, 44, 15, 44, 36),
        ]
    );
    let placeholder = &diagnostics[0];
    assert_eq!(placeholder["source"], "planlint");
    assert_eq!(
        placeholder["codeDescription"]["href"],
        "https://github.com/planlint/planlint/blob/main/docs/rules/placeholder.md"
    );
    assert_eq!(
        placeholder["message"],
        "leftover placeholder `<action/goal>`\nreplace it with the plan's own content"
    );
    assert!(
        diagnostics[2]["message"]
            .as_str()
            .unwrap()
            .contains("app/server/server.py"),
        "the help names the closest existing path: {}",
        diagnostics[2]
    );

    // A message that is not JSON-RPC, a notification the server cannot read, a request it
    // does not know: each is logged or refused, and the server goes on.
    server.send_body("{not json");
    let logged = server.log();
    assert!(logged.contains("not JSON-RPC"), "{logged}");
    server.notify("textDocument/didChange", json!({"textDocument": 7}));
    let logged = server.log();
    assert!(
        logged.contains("ignored `textDocument/didChange`"),
        "{logged}"
    );
    let unknown = server.request("textDocument/hover", json!({}));
    assert_eq!(unknown["error"]["code"], -32601, "{unknown}");

    server.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": uri, "version": 2},
            "contentChanges": [{"text": clean_plan()}],
        }),
    );
    assert_eq!(server.diagnostics(&uri), Vec::<Value>::new());

    // An untitled document has no path: its paths are not checked.
    let untitled = "untitled:Untitled-1";
    server.open(untitled, &broken_plan());
    let codes: Vec<String> = summary(&server.diagnostics(untitled))
        .into_iter()
        .map(|d| d.0)
        .collect();
    assert_eq!(codes, ["placeholder", "unknown-section"]);

    server.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": untitled}}),
    );
    assert_eq!(server.diagnostics(untitled), Vec::<Value>::new());
    assert_eq!(server.stop(), 0);
}

#[test]
fn a_changed_configuration_takes_effect_and_its_errors_are_shown() {
    let dir = workspace();
    let root = fs::canonicalize(dir.path()).unwrap();
    let mut server = Server::start();
    let watching = json!({"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}});
    server.initialize_with(&root, watching);
    // The server asks to hear of the files its projects are made from.
    let registration = server.receive(|m| m["method"] == "client/registerCapability");
    let registered = &registration["params"]["registrations"][0];
    assert_eq!(registered["method"], "workspace/didChangeWatchedFiles");
    let globs: Vec<&Value> = registered["registerOptions"]["watchers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| &w["globPattern"])
        .collect();
    assert_eq!(globs, ["**/{*.toml,Makefile,package.json}", "**/*"]);
    server.send(json!({"jsonrpc": "2.0", "id": registration["id"], "result": null}));

    let uri = file_uri(&root.join("specs/bookmarks.md"));
    server.open(&uri, &broken_plan());
    assert_eq!(server.diagnostics(&uri).len(), 3);

    let config_changed = |server: &mut Server| {
        let config = file_uri(&root.join("planlint.toml"));
        server.notify(
            "workspace/didChangeWatchedFiles",
            json!({"changes": [{"uri": config, "type": 2}]}),
        );
    };
    write(
        &root,
        "planlint.toml",
        "[severity]\nunknown-section = \"info\"\n",
    );
    config_changed(&mut server);
    let severities: Vec<i64> = summary(&server.diagnostics(&uri))
        .into_iter()
        .map(|d| d.1)
        .collect();
    assert_eq!(severities, [1, 3, 1], "unknown-section is information now");

    write(
        &root,
        "planlint.toml",
        "[severity]\nno-such-rule = \"off\"\n",
    );
    // Saved in the editor this time, which says so with didSave.
    server.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": file_uri(&root.join("planlint.toml"))}}),
    );
    let diagnostics = server.diagnostics(&uri);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    let error = &diagnostics[0];
    assert_eq!(error["severity"], 1);
    assert_eq!(error["range"]["start"], json!({"line": 0, "character": 0}));
    let message = error["message"].as_str().unwrap();
    assert!(
        message.starts_with("this plan is not checked: "),
        "{message}"
    );
    assert!(message.contains("no-such-rule"), "{message}");
    let related = &error["relatedInformation"][0]["location"];
    assert_eq!(related["uri"], file_uri(&root.join("planlint.toml")));
    assert_eq!(related["range"]["start"]["line"], 1, "{error}");

    fs::remove_file(root.join("planlint.toml")).unwrap();
    config_changed(&mut server);
    assert_eq!(server.diagnostics(&uri).len(), 3);
    assert_eq!(server.stop(), 0);
}

#[test]
fn exit_without_shutdown_is_status_1() {
    let mut server = Server::start();
    server.initialize(&fixtures_dir());
    assert_eq!(server.exit(), 1);
}
