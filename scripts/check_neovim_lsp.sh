#!/usr/bin/env bash
# `planlint lsp` in a real editor: headless Neovim starts it for Markdown buffers, opens a
# broken plan in a scratch repository, and must show planlint's findings at the right places
# (Neovim turns the server's UTF-16 columns into byte columns: the line holds é, emoji and
# CJK before each finding). Then the plan is fixed in the buffer and the findings must go.
#
#   scripts/check_neovim_lsp.sh target/debug/planlint
#
# Prints each diagnostic (rule, line, column, message); exits non-zero when one expected is
# missing or misplaced, or when Neovim does not finish within the timeout.
set -euo pipefail

planlint=$(realpath "${1:?usage: $0 PATH/TO/planlint}")
repo=$(cd "$(dirname "$0")/.." && pwd)
command -v nvim >/dev/null || { echo "nvim not found (apt-get install -y neovim)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The feature-plan fixture repository without its plans, as a repository of its own.
cp -R "$repo/fixtures/feature-plan" "$work/repo"
rm -f "$work/repo/specs/"*.md
mkdir -p "$work/repo/.git"
sed -e 's/^I want to save my queries under a name and rerun them from a list$/I want 🚀 é 中文 to <action\/goal>/' \
    -e 's/^- `app\/server\/server.py` - FastAPI/- Résumé 🚀 中: `app\/server\/servr.py` - FastAPI/' \
    "$repo/fixtures/feature-plan/specs/clean.md" >"$work/repo/specs/bookmarks.md"
grep -q '<action/goal>' "$work/repo/specs/bookmarks.md"
grep -q 'servr.py' "$work/repo/specs/bookmarks.md"

cat >"$work/init.lua" <<'LUA'
local planlint, root, plan = unpack(vim.g.planlint_args)

local function out(text) io.stdout:write(text .. "\n") end
local function finish(status)
  io.stdout:flush()
  vim.cmd(status == 0 and "qall!" or ("cquit " .. status))
end

-- How users start it (README, "Editors"): vim.lsp.start on Neovim 0.8+, start_client and
-- buf_attach_client on 0.7 (Debian 12's).
local function start(buffer)
  local config = { name = "planlint", cmd = { planlint, "lsp" }, root_dir = root }
  if vim.lsp.start then
    vim.lsp.start(config, { bufnr = buffer })
  else
    vim.lsp.buf_attach_client(buffer, vim.lsp.start_client(config))
  end
end

vim.cmd("filetype on")
vim.api.nvim_create_autocmd("FileType", {
  pattern = "markdown",
  callback = function(args) start(args.buf) end,
})

vim.cmd("edit " .. vim.fn.fnameescape(plan))
local buffer = vim.api.nvim_get_current_buf()

local function planlint_diagnostics()
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(buffer)) do
    if d.source == "planlint" then table.insert(found, d) end
  end
  return found
end

-- Diagnostic columns are byte columns: where the finding's text starts in the line.
local expected = {
  { code = "placeholder", text = "<action/goal>" },
  { code = "missing-path", text = "`app/server/servr.py`" },
}

if not vim.wait(20000, function() return #planlint_diagnostics() >= #expected end, 50) then
  out("FAIL: no diagnostics from planlint within 20 s")
  finish(1)
end

local failures = 0
local diagnostics = planlint_diagnostics()
for _, d in ipairs(diagnostics) do
  out(string.format("%s %d:%d %s", d.code, d.lnum + 1, d.col + 1, (d.message:gsub("\n", " | "))))
end
for _, want in ipairs(expected) do
  local found = false
  for _, d in ipairs(diagnostics) do
    local line = vim.api.nvim_buf_get_lines(buffer, d.lnum, d.lnum + 1, false)[1] or ""
    local start = line:find(want.text, 1, true)
    if d.code == want.code and start and d.col == start - 1
        and d.end_col == start - 1 + #want.text then
      found = true
    end
  end
  if not found then
    out("FAIL: no " .. want.code .. " finding on `" .. want.text .. "`")
    failures = failures + 1
  end
end

-- Fix both lines in the buffer (not on disk): the server re-lints the editor's text.
local lines = vim.api.nvim_buf_get_lines(buffer, 0, -1, false)
for i, line in ipairs(lines) do
  line = line:gsub("<action/goal>", "save my queries under a name")
  line = line:gsub("servr%.py", "server.py")
  lines[i] = line
end
vim.api.nvim_buf_set_lines(buffer, 0, -1, false, lines)
if vim.wait(20000, function() return #planlint_diagnostics() == 0 end, 50) then
  out("after the fix in the buffer: no diagnostics")
else
  out("FAIL: diagnostics left after the fix: " .. #planlint_diagnostics())
  failures = failures + 1
end

for _, client in pairs(vim.lsp.get_active_clients()) do client.stop() end
vim.wait(5000, function() return #vim.lsp.get_active_clients() == 0 end, 50)
out(failures == 0 and "ok: Neovim shows planlint's findings" or "FAILED")
finish(failures == 0 and 0 or 1)
LUA

cd "$work/repo"
timeout 120 nvim --headless -n -i NONE -u "$work/init.lua" \
  --cmd "let g:planlint_args = ['$planlint', '$work/repo', '$work/repo/specs/bookmarks.md']"
