'use strict';
// Starts a fresh sandbox for one test file and gives clients pointed at it.
// The sandbox is the built DLL named by IPT_SANDBOX_DLL, or `dotnet run` of the project as a fallback.
const { spawn } = require('node:child_process');
const path = require('node:path');
const readline = require('node:readline');
const { IAMClient } = require('@aws-sdk/client-iam');
const { EC2Client } = require('@aws-sdk/client-ec2');
const { STSClient } = require('@aws-sdk/client-sts');

const START_TIMEOUT_MS = 120000;

function sandboxCommand(extraArgs) {
  const dll = process.env.IPT_SANDBOX_DLL;
  if (dll) {
    return { file: 'dotnet', args: [dll, '--port', '0', ...extraArgs] };
  }
  const project = path.resolve(__dirname, '../../../src/InstanceProfileTools.Sandbox');
  return { file: 'dotnet', args: ['run', '--project', project, '--', '--port', '0', ...extraArgs] };
}

async function startSandbox(extraArgs = []) {
  const { file, args } = sandboxCommand(extraArgs);
  const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  const lines = readline.createInterface({ input: child.stdout });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sandbox did not start in time: ${stderr}`)), START_TIMEOUT_MS);
    lines.once('line', (line) => {
      clearTimeout(timer);
      const match = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
      if (match) resolve(match[1]); else reject(new Error(`unexpected first line: ${line}`));
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`sandbox exited with ${code}: ${stderr}`)); });
  });
  // Keep draining stdout so the child never blocks on a full pipe.
  lines.on('line', () => {});

  const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
  const clientConfig = (overrides = {}) => ({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1, ...overrides });

  return {
    url,
    iam: new IAMClient(clientConfig()),
    ec2: new EC2Client(clientConfig()),
    sts: new STSClient(clientConfig()),
    iamWith: (overrides) => new IAMClient(clientConfig(overrides)),
    ec2With: (overrides) => new EC2Client(clientConfig(overrides)),
    stsWith: (overrides) => new STSClient(clientConfig(overrides)),
    async admin(method, route, body) {
      const response = await fetch(`${url}/_sandbox/${route}`, {
        method,
        headers: body ? { 'content-type': 'application/json' } : {},
        body: body ? JSON.stringify(body) : undefined,
      });
      return { status: response.status, body: await response.json() };
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

// Runs `call` and returns the service error it fails with (its name and HTTP status), failing if it succeeds.
async function expectError(call) {
  try {
    await call();
  } catch (error) {
    // Code is the wire error code; name is the SDK's exception class (e.g. LimitExceededException).
    return { code: error.Code || error.name, status: error.$metadata && error.$metadata.httpStatusCode, message: error.message };
  }
  throw new Error('expected the call to fail, but it succeeded');
}

const TRUST_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

module.exports = { startSandbox, expectError, TRUST_POLICY };
