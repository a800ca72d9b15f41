-- Drives the standalone agreement language server from Neovim 0.7 (headless) and writes the
-- answers to a set of LSP requests as JSON. Used by test/editors/neovim.test.ts; by hand:
--
--   AGREEMENT_SERVER=dist/server.js AGREEMENT_ROOT=/tmp/ws AGREEMENT_FILE=/tmp/ws/a.agr \
--   AGREEMENT_REQUESTS='[{"method":"textDocument/documentSymbol"}]' AGREEMENT_OUTPUT=/tmp/out.json \
--   nvim --headless --clean -c 'luafile test/editors/neovim/lspProbe.lua'
--
-- Each request is {"method": ..., "line": L, "character": C} (a textDocument/position request on
-- the opened file; positions are UTF-16, as LSP says and as Neovim 0.7 sends them by default),
-- {"method": "textDocument/documentSymbol"} (no position), or {"method": ..., "params": {...}}
-- (sent as is). The output is {"results": [{"method", "result", "error"}, ...]}, or
-- {"error": "..."} with exit code 1 when the probe itself fails. Neovim 0.7 has neither
-- `nvim -l` nor vim.lsp.start, hence `-c luafile` and vim.lsp.start_client.

local TOTAL_TIMEOUT_MS = 30000
local REQUEST_TIMEOUT_MS = 10000
local started = vim.loop.hrtime()
local output = os.getenv('AGREEMENT_OUTPUT')

local function remaining_ms()
  return math.max(0, TOTAL_TIMEOUT_MS - math.floor((vim.loop.hrtime() - started) / 1e6))
end

-- Plain Lua I/O only: this also runs from the watchdog's luv callback, where the API is off limits.
local function write_output(text)
  if not output or output == '' then
    io.stderr:write(text .. '\n')
    return
  end
  local f = io.open(output, 'w')
  if f then
    f:write(text)
    f:close()
  end
end

local function fail_json(message)
  local escaped = message:gsub('[%c"\\]', function(c)
    return string.format('\\u%04x', c:byte())
  end)
  return '{"error": "' .. escaped .. '"}'
end

-- A last resort if something blocks outside our own bounded waits: never hang the test.
local watchdog = vim.loop.new_timer()
watchdog:start(TOTAL_TIMEOUT_MS + 5000, 0, function()
  write_output(fail_json('lspProbe: overall timeout of ' .. TOTAL_TIMEOUT_MS .. ' ms exceeded'))
  os.exit(3)
end)

local function env(name)
  local value = os.getenv(name)
  if value == nil or value == '' then
    error('environment variable ' .. name .. ' is not set')
  end
  return value
end

local function position_params(bufnr, request)
  if request.params ~= nil then
    return request.params
  end
  local params = { textDocument = { uri = vim.uri_from_bufnr(bufnr) } }
  if request.line ~= nil then
    params.position = { line = request.line, character = request.character or 0 }
  end
  return params
end

local function run()
  local server = env('AGREEMENT_SERVER')
  local file = env('AGREEMENT_FILE')
  local root = env('AGREEMENT_ROOT')
  local requests = vim.fn.json_decode(env('AGREEMENT_REQUESTS'))
  env('AGREEMENT_OUTPUT')

  local exited = nil
  local client_id = vim.lsp.start_client({
    cmd = { 'node', server, '--stdio' },
    root_dir = root,
    name = 'agreement',
    on_exit = function(code, signal)
      exited = { code = code, signal = signal }
    end,
  })
  if not client_id then
    error('vim.lsp.start_client did not start the server')
  end

  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.bo[bufnr].filetype = 'agreement'
  if not vim.lsp.buf_attach_client(bufnr, client_id) then
    error('vim.lsp.buf_attach_client failed')
  end

  local client
  local ready = vim.wait(math.min(REQUEST_TIMEOUT_MS, remaining_ms()), function()
    client = vim.lsp.get_client_by_id(client_id)
    return exited ~= nil or (client ~= nil and client.initialized == true)
  end, 20)
  if exited then
    error('the server exited during start-up (code ' .. tostring(exited.code) .. ')')
  end
  if not ready then
    error('the server did not finish initialize in time')
  end

  local results = {}
  for _, request in ipairs(requests) do
    local budget = math.min(REQUEST_TIMEOUT_MS, remaining_ms())
    if budget <= 0 then
      error('overall timeout reached before ' .. request.method)
    end
    local response, reason = client.request_sync(request.method, position_params(bufnr, request), budget, bufnr)
    local entry = { method = request.method, result = vim.NIL, error = vim.NIL }
    if response == nil then
      entry.error = { message = 'no response: ' .. tostring(reason or 'client shut down') }
    else
      if response.err ~= nil then
        entry.error = { code = response.err.code, message = response.err.message }
      end
      if response.result ~= nil then
        entry.result = response.result
      end
    end
    table.insert(results, entry)
  end
  return results
end

local ok, value = xpcall(run, debug.traceback)
watchdog:stop()
watchdog:close()
if ok then
  local encoded_ok, encoded = pcall(vim.fn.json_encode, { results = value })
  if encoded_ok then
    write_output(encoded)
    vim.cmd('qa!')
  else
    write_output(fail_json('lspProbe: could not encode the results: ' .. tostring(encoded)))
    vim.cmd('cq')
  end
else
  write_output(fail_json('lspProbe: ' .. tostring(value)))
  vim.cmd('cq')
end
