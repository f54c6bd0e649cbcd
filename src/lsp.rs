//! `planlint lsp`: a language server on stdio, so that an editor shows a plan's findings as it
//! is written, not after a commit or a CI run.
//!
//! - **Sync.** Full document sync: plans are a few kilobytes, so the whole text per change
//!   costs nothing measurable, and the server's copy can never drift from the editor's.
//! - **When.** A Markdown document (language id `markdown`, or a `.md` / `.markdown` file) is
//!   linted on open, change and save, from the editor's text; closing it clears its findings.
//!   Bursts of changes are coalesced: the documents changed are linted once the messages
//!   waiting have been read.
//! - **Workspace.** One [`Projects`] for the workspace root (the first workspace folder, else
//!   `rootUri`, else the current directory), reused for every document: the configuration and
//!   rulesets are read once, and the repository index is walked once, on the first path
//!   check. A change to a document never reads the repository again.
//! - **Re-set up.** The projects are set up afresh, and every open plan re-linted, when a
//!   `*.toml` file (configuration, team rulesets, sub-project manifests), a `Makefile` or a
//!   `package.json` is saved or changes, and when a file is created or deleted (the index
//!   lists the repository's files), as reported by `textDocument/didSave` or by the watchers
//!   registered with the client (`workspace/didChangeWatchedFiles`).
//! - **Configuration errors** are shown where they matter: as one error at 0:0 of each plan
//!   that cannot be checked, with the message, the fix, and a link to the place in the TOML
//!   file (`relatedInformation`). It clears itself once the file is fixed and saved.
//! - **Positions** are 0-based lines and UTF-16 columns, as the protocol requires; a finding
//!   about the whole file is at 0:0.
//! - **Rule links.** `code` is the rule id and `codeDescription.href` the rule's page,
//!   `docs/rules/RULE.md` in the repository of Cargo.toml: the page the SARIF report links
//!   (`Rule::url`), with what `planlint rules RULE` prints.
//! - **Never down on bad input.** A message that is not JSON-RPC, or a notification with bad
//!   parameters, is reported with `window/logMessage` and skipped; a panic while handling one
//!   message is caught and logged; unknown requests get `MethodNotFound`.

use std::collections::{HashMap, HashSet};
use std::io::{self, BufRead, Write};
use std::path::{Path, PathBuf};
use std::thread;
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, Sender};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::{
    CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, DidChangeTextDocumentParams,
    DidChangeWatchedFilesParams, DidChangeWatchedFilesRegistrationOptions,
    DidCloseTextDocumentParams, DidOpenTextDocumentParams, DidSaveTextDocumentParams,
    FileChangeType, FileSystemWatcher, GlobPattern, InitializeResult, Location, LogMessageParams,
    MessageType, NumberOrString, Position, PublishDiagnosticsParams, Range, Registration,
    RegistrationParams, SaveOptions, ServerCapabilities, ServerInfo, TextDocumentSyncCapability,
    TextDocumentSyncKind, TextDocumentSyncOptions, TextDocumentSyncSaveOptions, Uri, WatchKind,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::checks::internal_error;
use crate::diagnostic::Diagnostic;
use crate::document::{LineIndex, Span, floor_char_boundary};
use crate::lint::{self, Linted};
use crate::project::{Overrides, ProjectError, Projects};
use crate::rules::Severity;
use crate::toml_error::TomlError;

/// Exit status after `shutdown` then `exit`, as the protocol asks.
const EXIT_CLEAN: i32 = 0;
/// Exit status after `exit` without `shutdown`, or when the client went away.
const EXIT_UNCLEAN: i32 = 1;
/// Longest a changed document waits for its findings while messages keep arriving.
const MAX_DELAY: Duration = Duration::from_millis(100);
/// What the reader hands the server in place of a message that is not JSON-RPC.
const NOT_JSON_RPC: &str = "$/planlint/notJsonRpc";
/// Largest message read: a plan is at most a few megabytes; a bogus length must not make the
/// server allocate gigabytes.
const MAX_MESSAGE: usize = 64 << 20;

/// Runs the language server until the client says `exit` or closes its end.
pub fn run() -> io::Result<i32> {
    let (connection, writer) = stdio();
    let status = serve(&connection);
    // The writer ends once every sender is gone, after writing what is queued.
    drop(connection);
    let _ = writer.join();
    Ok(status)
}

/// The handshake, then the message loop; returns the exit status.
fn serve(connection: &Connection) -> i32 {
    let Ok((id, params)) = connection.initialize_start() else {
        return EXIT_UNCLEAN;
    };
    let root = workspace_root(&params)
        .or_else(|| std::env::current_dir().ok())
        .unwrap_or_else(|| PathBuf::from("."));
    let result = InitializeResult {
        capabilities: capabilities(),
        server_info: Some(ServerInfo {
            name: "planlint".to_string(),
            version: Some(env!("CARGO_PKG_VERSION").to_string()),
        }),
    };
    let result = serde_json::to_value(result).expect("JSON of plain data");
    if connection
        .sender
        .send(Response::new_ok(id, result).into())
        .is_err()
    {
        return EXIT_UNCLEAN;
    }
    let mut server = Server::new(connection.sender.clone(), root, can_watch(&params));
    server.main_loop(&connection.receiver)
}

/// What the server offers: full text sync with open, close and save, so diagnostics follow
/// every edit. Nothing else: findings are pushed, never pulled.
fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::FULL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(false),
                })),
                ..TextDocumentSyncOptions::default()
            },
        )),
        ..ServerCapabilities::default()
    }
}

/// The workspace root the client names: the first workspace folder, else `rootUri`, else
/// `rootPath`. Read leniently from JSON, so that an odd client still gets a server.
fn workspace_root(params: &Value) -> Option<PathBuf> {
    let folder = params
        .pointer("/workspaceFolders/0/uri")
        .or_else(|| params.get("rootUri"))
        .and_then(Value::as_str)
        .and_then(|uri| uri.parse::<Uri>().ok())
        .and_then(|uri| file_path(&uri));
    let path = folder.or_else(|| params.get("rootPath")?.as_str().map(PathBuf::from))?;
    path.is_dir().then_some(path)
}

/// Whether the client lets the server register file watchers.
fn can_watch(params: &Value) -> bool {
    params
        .pointer("/capabilities/workspace/didChangeWatchedFiles/dynamicRegistration")
        .and_then(Value::as_bool)
        .unwrap_or(false)
}

/// An open plan, as the editor holds it.
struct Open {
    text: String,
    version: Option<i32>,
}

/// The server's state between messages.
struct Server {
    sender: Sender<Message>,
    workspace: Workspace,
    can_watch: bool,
    documents: HashMap<Uri, Open>,
    /// Documents whose findings are out of date, and since when the oldest has waited.
    pending: HashSet<Uri>,
    pending_since: Option<Instant>,
    /// The projects must be set up again before the next lint.
    stale: bool,
    shut_down: bool,
}

impl Server {
    fn new(sender: Sender<Message>, root: PathBuf, can_watch: bool) -> Self {
        Self {
            sender,
            workspace: Workspace::new(root),
            can_watch,
            documents: HashMap::new(),
            pending: HashSet::new(),
            pending_since: None,
            stale: false,
            shut_down: false,
        }
    }

    /// Handles messages until `exit`. Documents are linted when no message is waiting (or
    /// after [`MAX_DELAY`]), so a burst of keystrokes is linted once.
    fn main_loop(&mut self, receiver: &Receiver<Message>) -> i32 {
        while let Ok(message) = receiver.recv() {
            if let Message::Notification(notification) = &message
                && notification.method == "exit"
            {
                return if self.shut_down {
                    EXIT_CLEAN
                } else {
                    EXIT_UNCLEAN
                };
            }
            if let Err(panic) = lint::catch_panic(|| self.handle(message)) {
                self.log(MessageType::ERROR, format!("planlint failed: {panic}"));
            }
            let overdue = self.pending_since.is_some_and(|t| t.elapsed() >= MAX_DELAY);
            if receiver.is_empty() || overdue {
                self.flush();
            }
        }
        EXIT_UNCLEAN
    }

    fn handle(&mut self, message: Message) {
        match message {
            Message::Request(request) => self.on_request(request),
            Message::Notification(notification) => self.on_notification(notification),
            // Answers to the server's own requests (the watcher registration): nothing to do.
            Message::Response(_) => {}
        }
    }

    fn on_request(&mut self, request: Request) {
        let response = if self.shut_down {
            Response::new_err(
                request.id,
                ErrorCode::InvalidRequest as i32,
                "the server is shut down".to_string(),
            )
        } else if request.method == "shutdown" {
            self.shut_down = true;
            Response::new_ok(request.id, ())
        } else {
            Response::new_err(
                request.id,
                ErrorCode::MethodNotFound as i32,
                format!("planlint does not handle `{}`", request.method),
            )
        };
        self.send(response.into());
    }

    fn on_notification(&mut self, notification: Notification) {
        if self.shut_down {
            return;
        }
        match notification.method.as_str() {
            "initialized" => self.register_watchers(),
            "textDocument/didOpen" => {
                if let Some(params) = self.params(notification) {
                    self.did_open(params);
                }
            }
            "textDocument/didChange" => {
                if let Some(params) = self.params(notification) {
                    self.did_change(params);
                }
            }
            "textDocument/didSave" => {
                if let Some(params) = self.params(notification) {
                    self.did_save(params);
                }
            }
            "textDocument/didClose" => {
                if let Some(params) = self.params::<DidCloseTextDocumentParams>(notification) {
                    self.did_close(&params.text_document.uri);
                }
            }
            NOT_JSON_RPC => self.log(
                MessageType::WARNING,
                format!(
                    "planlint: ignored a message that is not JSON-RPC: {}",
                    notification.params.as_str().unwrap_or_default()
                ),
            ),
            "workspace/didChangeWatchedFiles" => {
                if let Some(params) = self.params(notification) {
                    self.files_changed(params);
                }
            }
            _ => {}
        }
    }

    /// A notification's parameters; bad ones are logged and the notification skipped.
    fn params<P: DeserializeOwned>(&self, notification: Notification) -> Option<P> {
        match serde_json::from_value(notification.params) {
            Ok(params) => Some(params),
            Err(error) => {
                self.log(
                    MessageType::WARNING,
                    format!("planlint: ignored `{}`: {error}", notification.method),
                );
                None
            }
        }
    }

    fn did_open(&mut self, params: DidOpenTextDocumentParams) {
        let document = params.text_document;
        if document.language_id == "markdown" || is_markdown_file(&document.uri) {
            self.documents.insert(
                document.uri.clone(),
                Open {
                    text: document.text,
                    version: Some(document.version),
                },
            );
            self.mark(document.uri);
        }
    }

    fn did_change(&mut self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let Some(open) = self.documents.get_mut(&uri) else {
            return;
        };
        // Full sync: each change holds the whole text; the last one is the document now.
        let Some(change) = params.content_changes.into_iter().last() else {
            return;
        };
        if change.range.is_some() {
            self.log(
                MessageType::WARNING,
                "planlint: ignored an incremental change; the server asked for full text"
                    .to_string(),
            );
            return;
        }
        open.text = change.text;
        open.version = Some(params.text_document.version);
        self.mark(uri);
    }

    /// A saved plan is linted again (now on disk, its paths can be checked); a saved
    /// configuration, ruleset or manifest sets the projects up again.
    fn did_save(&mut self, params: DidSaveTextDocumentParams) {
        let uri = params.text_document.uri;
        if let Some(open) = self.documents.get_mut(&uri) {
            if let Some(text) = params.text {
                open.text = text;
            }
            self.mark(uri);
        } else if file_path(&uri).is_some_and(|path| is_setup_file(&path)) {
            self.stale = true;
        }
    }

    fn did_close(&mut self, uri: &Uri) {
        if self.documents.remove(uri).is_some() {
            self.pending.remove(uri);
            self.publish(uri.clone(), None, Vec::new());
        }
    }

    fn files_changed(&mut self, params: DidChangeWatchedFilesParams) {
        let changed = params.changes.iter().any(|event| {
            file_path(&event.uri).is_some_and(|path| {
                is_setup_file(&path)
                    || (event.typ != FileChangeType::CHANGED && !self.workspace.ignores(&path))
            })
        });
        if changed {
            self.stale = true;
        }
    }

    /// Asks the client to report changes to the files that the projects are made from.
    fn register_watchers(&self) {
        if !self.can_watch {
            return;
        }
        let watcher = |glob: &str, kind| FileSystemWatcher {
            glob_pattern: GlobPattern::String(glob.to_string()),
            kind,
        };
        let options = DidChangeWatchedFilesRegistrationOptions {
            watchers: vec![
                watcher("**/{*.toml,Makefile,package.json}", None),
                watcher("**/*", Some(WatchKind::Create | WatchKind::Delete)),
            ],
        };
        let params = RegistrationParams {
            registrations: vec![Registration {
                id: "planlint-watch".to_string(),
                method: "workspace/didChangeWatchedFiles".to_string(),
                register_options: serde_json::to_value(options).ok(),
            }],
        };
        self.send(
            Request::new(
                "planlint-watch".to_string().into(),
                "client/registerCapability".to_string(),
                params,
            )
            .into(),
        );
    }

    fn mark(&mut self, uri: Uri) {
        self.pending.insert(uri);
        self.pending_since.get_or_insert_with(Instant::now);
    }

    /// Sets the projects up again if needed, then lints the documents that changed.
    fn flush(&mut self) {
        if self.stale {
            self.stale = false;
            self.workspace = Workspace::new(self.workspace.root.clone());
            self.pending.extend(self.documents.keys().cloned());
        }
        self.pending_since = None;
        for uri in std::mem::take(&mut self.pending) {
            let Some(open) = self.documents.get(&uri) else {
                continue;
            };
            let diagnostics = match lint::catch_panic(|| self.workspace.lint(&uri, &open.text)) {
                Ok(diagnostics) => diagnostics,
                Err(panic) => vec![whole_file(internal_error::diagnostic(&panic))],
            };
            self.publish(uri, open.version, diagnostics);
        }
    }

    fn publish(&self, uri: Uri, version: Option<i32>, diagnostics: Vec<lsp_types::Diagnostic>) {
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        self.send(Notification::new("textDocument/publishDiagnostics".to_string(), params).into());
    }

    fn log(&self, typ: MessageType, message: String) {
        let params = LogMessageParams { typ, message };
        self.send(Notification::new("window/logMessage".to_string(), params).into());
    }

    /// Sends a message; a client that has gone away is noticed by the reader, not here.
    fn send(&self, message: Message) {
        let _ = self.sender.send(message);
    }
}

/// What plans are linted with: the workspace's projects, set up once and reused.
struct Workspace {
    root: PathBuf,
    projects: Projects,
    /// Why some folders' plans cannot be checked, as found while setting projects up; each
    /// plan that cannot be checked shows them all (a workspace mostly has one configuration).
    errors: Vec<ProjectError>,
}

impl Workspace {
    fn new(root: PathBuf) -> Self {
        Self {
            projects: Projects::new(Overrides::default(), root.clone()),
            root,
            errors: Vec::new(),
        }
    }

    /// The findings for the document `uri` holding `text`. A `file:` document is linted as
    /// the file it is (its configuration, `[[match]]` ruleset and paths); any other one
    /// (`untitled:`) with the workspace root's configuration and no path checks.
    fn lint(&mut self, uri: &Uri, text: &str) -> Vec<lsp_types::Diagnostic> {
        let file = file_path(uri).filter(|path| path.is_absolute());
        let dir = file
            .as_deref()
            .and_then(Path::parent)
            .unwrap_or(&self.root)
            .to_path_buf();
        let project = self.projects.for_dir(&dir);
        // Taken as they come, so that a broken configuration found again from another
        // folder is known here once (`Projects` only records it the first time).
        for error in std::mem::take(&mut self.projects.errors) {
            if !self
                .errors
                .iter()
                .any(|e| e.to_string() == error.to_string())
            {
                self.errors.push(error);
            }
        }
        let Some(project) = project else {
            return self.errors.iter().map(setup_error).collect();
        };
        let display = file.as_ref().map_or_else(
            || uri.as_str().to_string(),
            |path| path.display().to_string(),
        );
        let linted =
            self.projects.list[project]
                .linter()
                .lint_text(&display, file.as_deref(), text);
        let bom = u32::from(text.starts_with('\u{feff}'));
        convert(uri, &linted, bom)
    }

    /// Whether a created or deleted file is outside what the repository index holds (`.git`,
    /// ignored and generated folders), so that it changes no finding.
    fn ignores(&self, path: &Path) -> bool {
        if path.components().any(|c| c.as_os_str() == ".git") {
            return true;
        }
        self.projects.list.iter().any(|project| {
            path.strip_prefix(project.repo.root())
                .is_ok_and(|relative| {
                    project
                        .repo
                        .is_ignored(&relative.to_string_lossy().replace('\\', "/"))
                })
        })
    }
}

/// Whether `path` is read while setting projects up or checking commands: a configuration,
/// a ruleset or a manifest.
fn is_setup_file(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "toml")
        || path
            .file_name()
            .is_some_and(|n| n == "Makefile" || n == "package.json")
}

fn is_markdown_file(uri: &Uri) -> bool {
    let path = uri.as_str().split(['?', '#']).next().unwrap_or("");
    let lower = path.to_ascii_lowercase();
    lower.ends_with(".md") || lower.ends_with(".markdown")
}

/// A linted plan's findings, as the protocol has them.
fn convert(uri: &Uri, linted: &Linted, bom: u32) -> Vec<lsp_types::Diagnostic> {
    let Some(document) = &linted.document else {
        return linted.diagnostics.iter().cloned().map(whole_file).collect();
    };
    let text = &document.source;
    let range = |span: &Span| Range {
        start: position(text, &document.lines, span.start, bom),
        end: position(text, &document.lines, span.end, bom),
    };
    linted
        .diagnostics
        .iter()
        .map(|d| {
            let related: Vec<DiagnosticRelatedInformation> = d
                .related
                .iter()
                .map(|(span, label)| DiagnosticRelatedInformation {
                    location: Location::new(uri.clone(), range(span)),
                    message: label.clone(),
                })
                .collect();
            lsp_types::Diagnostic {
                range: range(&d.span),
                related_information: (!related.is_empty()).then_some(related),
                ..whole_file(d.clone())
            }
        })
        .collect()
}

/// A finding at 0:0, with everything but its place: severity, rule, link, message and help.
fn whole_file(d: Diagnostic) -> lsp_types::Diagnostic {
    let message = match &d.help {
        Some(help) => format!("{}\n{help}", d.message),
        None => d.message,
    };
    lsp_types::Diagnostic {
        range: Range::default(),
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.rule.id.to_string())),
        code_description: d
            .rule
            .url()
            .parse()
            .ok()
            .map(|href| CodeDescription { href }),
        source: Some("planlint".to_string()),
        message,
        related_information: None,
        tags: None,
        data: None,
    }
}

fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

/// A configuration or ruleset that cannot be used, as an error at 0:0 of a plan it leaves
/// unchecked, pointing into the TOML file.
fn setup_error(error: &ProjectError) -> lsp_types::Diagnostic {
    let (message, related) = match error {
        ProjectError::File(error) => (
            match &error.help {
                Some(help) => format!("{error}\n{help}"),
                None => error.to_string(),
            },
            toml_location(error).map(|location| {
                vec![DiagnosticRelatedInformation {
                    location,
                    message: error.message.clone(),
                }]
            }),
        ),
        ProjectError::Usage(message) => (message.clone(), None),
    };
    lsp_types::Diagnostic {
        range: Range::default(),
        severity: Some(DiagnosticSeverity::ERROR),
        source: Some("planlint".to_string()),
        message: format!("this plan is not checked: {message}"),
        related_information: related,
        ..lsp_types::Diagnostic::default()
    }
}

/// Where in its file a TOML error is, when it names a file and a place in it.
fn toml_location(error: &TomlError) -> Option<Location> {
    let span = error.span.clone()?;
    let uri = file_uri(Path::new(&error.origin))?;
    let text = error.source.inner();
    let lines = LineIndex::new(text);
    Some(Location::new(
        uri,
        Range {
            start: position(text, &lines, span.start, 0),
            end: position(text, &lines, span.end, 0),
        },
    ))
}

/// The protocol's position of a byte offset: 0-based line, UTF-16 column. `bom` is 1 when
/// the editor's text starts with a byte order mark that `text` no longer has.
fn position(text: &str, lines: &LineIndex, offset: usize, bom: u32) -> Position {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let line = lines.line_of(offset);
    let start = lines.line_start(line);
    let units = text[start..offset].encode_utf16().count();
    let shift = if line == 0 { bom } else { 0 };
    Position {
        line: u32::try_from(line).unwrap_or(u32::MAX),
        character: u32::try_from(units)
            .unwrap_or(u32::MAX)
            .saturating_add(shift),
    }
}

/// The local path of a `file:` URI (`file:///a%20b/c.md` is `/a b/c.md`); `None` for other
/// schemes (`untitled:`) and other hosts.
fn file_path(uri: &Uri) -> Option<PathBuf> {
    let text = uri.as_str();
    let scheme = text.get(..7)?;
    if !scheme.eq_ignore_ascii_case("file://") {
        return None;
    }
    let rest = &text[7..];
    let slash = rest.find('/')?;
    let host = &rest[..slash];
    if !host.is_empty() && !host.eq_ignore_ascii_case("localhost") {
        return None;
    }
    let path = rest[slash..].split(['?', '#']).next()?;
    let decoded = crate::uri::decode(path).into_owned();
    // `file:///C:/x` is `C:/x` on Windows.
    let windows_drive = decoded.len() > 2 && decoded.as_bytes()[2] == b':';
    Some(PathBuf::from(if cfg!(windows) && windows_drive {
        &decoded[1..]
    } else {
        &decoded
    }))
}

/// The `file:` URI of an absolute path.
fn file_uri(path: &Path) -> Option<Uri> {
    let text = path.to_str()?.replace('\\', "/");
    let slash = if text.starts_with('/') { "" } else { "/" };
    format!("file://{slash}{}", crate::uri::encode_path(&text))
        .parse()
        .ok()
}

/// A connection over stdin and stdout, and the writer thread to join before exiting.
///
/// Not `Connection::stdio()`: its reader stops for good at the first message that is not
/// JSON-RPC. This one logs such a message and reads on; only a broken frame (a bad header, a
/// closed stdin) ends it.
fn stdio() -> (Connection, thread::JoinHandle<()>) {
    let (to_client, outgoing) = crossbeam_channel::unbounded::<Message>();
    let (incoming, from_client) = crossbeam_channel::unbounded::<Message>();
    let writer = thread::spawn(move || {
        let mut stdout = io::stdout().lock();
        for message in outgoing {
            if message.write(&mut stdout).is_err() {
                break;
            }
        }
        let _ = stdout.flush();
    });
    // The reader holds no sender to the writer, so that the writer ends as soon as the server
    // is done, even while the reader still waits on stdin.
    thread::spawn(move || read_messages(&mut io::stdin().lock(), &incoming));
    let connection = Connection {
        sender: to_client,
        receiver: from_client,
    };
    (connection, writer)
}

/// Reads framed messages into `incoming` until `exit`, the end of input or a broken frame. A
/// body that is not JSON-RPC becomes a [`NOT_JSON_RPC`] notice for the server to log.
fn read_messages(input: &mut impl BufRead, incoming: &Sender<Message>) {
    while let Ok(Some(body)) = read_frame(input) {
        let message = serde_json::from_slice::<Message>(&body).unwrap_or_else(|error| {
            Notification::new(NOT_JSON_RPC.to_string(), error.to_string()).into()
        });
        let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
        if incoming.send(message).is_err() || exit {
            return;
        }
    }
}

/// One message body: `Content-Length: N` (other headers skipped), an empty line, N bytes.
/// `Ok(None)` at the end of input.
fn read_frame(input: &mut impl BufRead) -> io::Result<Option<Vec<u8>>> {
    let mut length = None;
    let mut line = String::new();
    loop {
        line.clear();
        if input.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        let header = line.trim_end_matches(['\r', '\n']);
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':')
            && name.trim().eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse::<usize>().ok();
        }
    }
    let length = length
        .filter(|&n| n <= MAX_MESSAGE)
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "bad Content-Length"))?;
    let mut body = vec![0; length];
    input.read_exact(&mut body)?;
    Ok(Some(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uri(text: &str) -> Uri {
        text.parse().unwrap()
    }

    #[test]
    fn columns_count_utf16_units() {
        // é is one unit, 🚀 two (a surrogate pair), 中 one; bytes would say 2, 4 and 3.
        let text = "# é🚀中 x\nab\r\n🚀y";
        let lines = LineIndex::new(text);
        let at = |needle: &str| position(text, &lines, text.find(needle).unwrap(), 0);
        assert_eq!(at("x"), Position::new(0, 7));
        assert_eq!(at("b"), Position::new(1, 1));
        assert_eq!(at("y"), Position::new(2, 2));
        assert_eq!(
            position(text, &lines, text.len(), 0),
            Position::new(2, 3),
            "the end of the text"
        );
        // Inside a character or past the end: clamped, never a panic.
        assert_eq!(position(text, &lines, 3, 0), Position::new(0, 2));
        assert_eq!(position(text, &lines, 999, 0), Position::new(2, 3));
    }

    #[test]
    fn a_byte_order_mark_shifts_the_first_line_only() {
        let text = "ab\ncd";
        let lines = LineIndex::new(text);
        assert_eq!(position(text, &lines, 1, 1), Position::new(0, 2));
        assert_eq!(position(text, &lines, 4, 1), Position::new(1, 1));
    }

    #[test]
    fn file_uris_round_trip_and_other_schemes_have_no_path() {
        let path = file_path(&uri("file:///tmp/a%20b/%C3%A9t%C3%A9.md")).unwrap();
        assert_eq!(path, PathBuf::from("/tmp/a b/été.md"));
        assert_eq!(
            file_uri(&path).unwrap().as_str(),
            "file:///tmp/a%20b/%C3%A9t%C3%A9.md"
        );
        assert_eq!(
            file_path(&uri("file://localhost/x.md")),
            Some(PathBuf::from("/x.md"))
        );
        assert_eq!(file_path(&uri("untitled:Untitled-1")), None);
        assert_eq!(file_path(&uri("file://server/share/x.md")), None);
    }

    #[test]
    fn markdown_is_known_by_extension() {
        assert!(is_markdown_file(&uri("file:///specs/PLAN.MD")));
        assert!(is_markdown_file(&uri("file:///notes.markdown")));
        assert!(!is_markdown_file(&uri("file:///planlint.toml")));
    }

    #[test]
    fn frames_are_read_whatever_the_other_headers() {
        let body = r#"{"jsonrpc":"2.0","method":"exit"}"#;
        let input = format!(
            "content-length: {}\r\nContent-Type: x\r\n\r\n{body}Content-Length: 99999999999\r\n\r\n",
            body.len()
        );
        let mut reader = io::Cursor::new(input.into_bytes());
        assert_eq!(read_frame(&mut reader).unwrap().unwrap(), body.as_bytes());
        assert!(read_frame(&mut reader).is_err(), "a length past the limit");
        assert!(
            read_frame(&mut io::Cursor::new(Vec::new()))
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn a_message_that_is_not_json_rpc_is_logged_and_the_next_one_read() {
        let frames: String = [
            "nonsense",
            "{\"id\":1}",
            r#"{"jsonrpc":"2.0","method":"exit"}"#,
        ]
        .iter()
        .map(|body| format!("Content-Length: {}\r\n\r\n{body}", body.len()))
        .collect();
        let (incoming, received) = crossbeam_channel::unbounded();
        read_messages(&mut io::Cursor::new(frames.into_bytes()), &incoming);
        let methods: Vec<String> = received
            .try_iter()
            .map(|message| match message {
                Message::Notification(n) => n.method,
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(methods, [NOT_JSON_RPC, NOT_JSON_RPC, "exit"]);
    }

    /// The feature-plan fixture repository as the workspace, and its clean plan's URI and
    /// text (as an unsaved copy, so the plan's own file is not needed).
    fn fixture_workspace() -> (Workspace, Uri, String) {
        let root = std::fs::canonicalize(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/feature-plan"
        ))
        .unwrap();
        let overrides = Overrides {
            root: Some(root.clone()),
            ..Overrides::default()
        };
        let workspace = Workspace {
            projects: Projects::new(overrides, root.clone()),
            root: root.clone(),
            errors: Vec::new(),
        };
        let plan = root.join("specs/clean.md");
        let text = std::fs::read_to_string(&plan).unwrap();
        let uri = file_uri(&plan.with_file_name("edited.md")).unwrap();
        (workspace, uri, text)
    }

    #[test]
    fn a_change_is_linted_with_the_projects_and_repository_already_set_up() {
        let (mut workspace, uri, text) = fixture_workspace();
        assert_eq!(workspace.lint(&uri, &text), Vec::new());
        let repo = std::sync::Arc::clone(&workspace.projects.list[0].repo);
        let broken = text.replace("app/server/server.py", "app/server/servr.py");
        let codes: Vec<_> = workspace
            .lint(&uri, &broken)
            .into_iter()
            .map(|d| d.code)
            .collect();
        assert_eq!(
            codes,
            [Some(NumberOrString::String("missing-path".to_string()))]
        );
        assert_eq!(workspace.projects.list.len(), 1);
        assert!(std::sync::Arc::ptr_eq(
            &repo,
            &workspace.projects.list[0].repo
        ));
    }

    /// How long a changed plan takes to re-lint inside the server, once the workspace is set
    /// up: `cargo test --release --lib relint_time -- --ignored --nocapture`.
    #[test]
    #[ignore = "a measurement, not a check"]
    fn relint_time() {
        let (mut workspace, uri, text) = fixture_workspace();
        workspace.lint(&uri, &text);
        let mut times: Vec<Duration> = (0..500)
            .map(|i| {
                let changed = format!("{text}\nEdit {i}.\n");
                let start = Instant::now();
                workspace.lint(&uri, &changed);
                start.elapsed()
            })
            .collect();
        times.sort();
        println!(
            "re-lint of clean.md ({} bytes), 500 changes: median {:?}, p95 {:?}, max {:?}",
            text.len(),
            times[250],
            times[475],
            times[499]
        );
    }

    #[test]
    fn setup_files_are_configurations_rulesets_and_manifests() {
        for name in [
            "planlint.toml",
            "rules/team.toml",
            "Makefile",
            "app/package.json",
        ] {
            assert!(is_setup_file(Path::new(name)), "{name}");
        }
        assert!(!is_setup_file(Path::new("specs/plan.md")));
    }
}
