using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace InstanceProfileTools.Core.Tests.Support
{
    /// <summary>
    /// A tiny HTTP/1.1 server on 127.0.0.1 that answers queued canned responses in order and records each
    /// request, so that the clients are tested over real HTTP (signing, retries, unmarshalling) with no AWS.
    /// </summary>
    internal sealed class CannedHttpServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly ConcurrentQueue<CannedResponse> _responses = new();
        private readonly ConcurrentQueue<RecordedRequest> _requests = new();
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;

        public CannedHttpServer()
        {
            _listener.Start();
            _loop = Task.Run(AcceptLoopAsync);
        }

        public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

        public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

        public void Enqueue(int status, string body, params (string Name, string Value)[] headers) =>
            _responses.Enqueue(new CannedResponse(status, body, headers));

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            try
            {
                _loop.Wait(TimeSpan.FromSeconds(5));
            }
            catch (AggregateException)
            {
                // The loop ends by the listener being stopped under it.
            }

            _stop.Dispose();
        }

        private async Task AcceptLoopAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync().ConfigureAwait(false);
                }
                catch (Exception) when (_stop.IsCancellationRequested)
                {
                    return;
                }

                _ = Task.Run(() => ServeAsync(client));
            }
        }

        private async Task ServeAsync(TcpClient client)
        {
            using (client)
            {
                NetworkStream stream = client.GetStream();
                var reader = new StreamReader(stream, Encoding.ASCII, false, 1, leaveOpen: true);
                while (true)
                {
                    string? requestLine = await reader.ReadLineAsync().ConfigureAwait(false);
                    if (string.IsNullOrEmpty(requestLine))
                    {
                        return;
                    }

                    var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                    string? line;
                    while (!string.IsNullOrEmpty(line = await reader.ReadLineAsync().ConfigureAwait(false)))
                    {
                        int colon = line.IndexOf(':');
                        headers[line.Substring(0, colon).Trim()] = line.Substring(colon + 1).Trim();
                    }

                    int length = headers.TryGetValue("Content-Length", out string? value) ? int.Parse(value) : 0;
                    var body = new char[length];
                    int read = 0;
                    while (read < length)
                    {
                        read += await reader.ReadAsync(body, read, length - read).ConfigureAwait(false);
                    }

                    string[] parts = requestLine.Split(' ');
                    _requests.Enqueue(new RecordedRequest(parts[0], parts[1], headers, new string(body)));
                    CannedResponse response = _responses.TryDequeue(out CannedResponse? next)
                        ? next
                        : new CannedResponse(599, "no canned response left", Array.Empty<(string, string)>());
                    await WriteAsync(stream, response).ConfigureAwait(false);
                }
            }
        }

        private static async Task WriteAsync(Stream stream, CannedResponse response)
        {
            byte[] body = Encoding.UTF8.GetBytes(response.Body);
            var head = new StringBuilder();
            head.Append("HTTP/1.1 ").Append(response.Status).Append(" Canned\r\n");
            head.Append("Content-Type: text/xml\r\n");
            head.Append("Content-Length: ").Append(body.Length).Append("\r\n");
            foreach ((string name, string value) in response.Headers)
            {
                head.Append(name).Append(": ").Append(value).Append("\r\n");
            }

            head.Append("\r\n");
            byte[] headBytes = Encoding.ASCII.GetBytes(head.ToString());
            await stream.WriteAsync(headBytes, 0, headBytes.Length).ConfigureAwait(false);
            await stream.WriteAsync(body, 0, body.Length).ConfigureAwait(false);
            await stream.FlushAsync().ConfigureAwait(false);
        }

        private sealed record CannedResponse(int Status, string Body, (string Name, string Value)[] Headers);
    }
}
