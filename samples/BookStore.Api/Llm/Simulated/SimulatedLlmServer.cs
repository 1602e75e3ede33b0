using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace BookStore.Api.Llm.Simulated;

/// <summary>
/// OpenAI-compatible HTTP server on <c>http://127.0.0.1:{port}/</c>, started with the host when
/// <c>BookStore:Llm:Provider</c> is <c>Simulated</c>, or <c>Anthropic</c> to serve the search embeddings.
/// </summary>
/// <remarks>
/// It runs on <see cref="HttpListener"/> and not on a second ASP.NET Core server, so that the sample's
/// <c>http.server.*</c> metrics contain only the BookStore API's requests.
/// </remarks>
internal sealed partial class SimulatedLlmServer(
    IOptions<BookStoreLlmOptions> options,
    SimulatedLlmRequestHandler requestHandler,
    ILogger<SimulatedLlmServer> logger) : IHostedService, IDisposable
{
    /// <summary>Number of free ports tried when another process takes the chosen port before the bind.</summary>
    private const int MaxBindAttempts = 5;

    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Task, bool> _requestsInFlight = new();
    private HttpListener? _listener;
    private Task? _acceptLoop;
    private Uri? _baseAddress;
    private int _disposed;

    /// <summary>Address of the OpenAI API on the simulated server, ending in <c>/v1</c>.</summary>
    /// <exception cref="InvalidOperationException">The server has not started.</exception>
    public Uri ApiBaseAddress => _baseAddress is null
        ? throw new InvalidOperationException(
            "The simulated LLM server has not started. It starts with the host when BookStore:Llm:Provider is "
            + "Simulated or Anthropic.")
        : new Uri(_baseAddress, "v1");

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.UsesSimulatedServer)
        {
            return Task.CompletedTask;
        }

        (_listener, _baseAddress) = StartListener(options.Value.Simulated.Port);
        if (options.Value.Provider == LlmProvider.Anthropic)
        {
            LogStartedForEmbeddings(_baseAddress);
        }
        else
        {
            LogStarted(_baseAddress);
        }

        _acceptLoop = AcceptRequestsAsync(_listener, _stopping.Token);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // StopAsync may run twice, at times concurrently (seen in WebApplicationFactory tests), so only the first
        // call stops the listener.
        var listener = Interlocked.Exchange(ref _listener, null);
        if (listener is null)
        {
            return;
        }

        await _stopping.CancelAsync();
        listener.Stop();
        if (_acceptLoop is not null)
        {
            await _acceptLoop.WaitAsync(cancellationToken);
        }

        await Task.WhenAll(_requestsInFlight.Keys).WaitAsync(cancellationToken);
        listener.Close();
        LogStopped();
    }

    public void Dispose()
    {
        // The container disposes this instance twice, once as a singleton and once as a hosted service.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _stopping.Cancel();
        ((IDisposable?)_listener)?.Dispose();
        _stopping.Dispose();
    }

    private (HttpListener Listener, Uri BaseAddress) StartListener(int configuredPort)
    {
        for (int attempt = 1; ; attempt++)
        {
            int port = configuredPort != 0 ? configuredPort : FindFreeLoopbackPort();
            var baseAddress = new Uri($"http://127.0.0.1:{port}/");
            var listener = new HttpListener();
            listener.Prefixes.Add(baseAddress.ToString());
            try
            {
                listener.Start();
                return (listener, baseAddress);
            }
            catch (HttpListenerException exception) when (configuredPort == 0 && attempt < MaxBindAttempts)
            {
                // Another process took the port between the probe and the bind, so try another free port.
                LogBindRetry(exception, port);
                listener.Close();
            }
            catch (HttpListenerException exception)
            {
                listener.Close();
                throw new InvalidOperationException(
                    $"The simulated LLM server failed to listen on {baseAddress}. Set a free port in "
                    + "BookStore:Llm:Simulated:Port, or 0 to pick one.",
                    exception);
            }
        }
    }

    /// <summary>Asks the OS for a free loopback port, because <see cref="HttpListener"/> cannot bind port 0.</summary>
    private static int FindFreeLoopbackPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private async Task AcceptRequestsAsync(HttpListener listener, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException
                && stoppingToken.IsCancellationRequested)
            {
                break;
            }

            var request = HandleRequestAsync(context, stoppingToken);
            _requestsInFlight.TryAdd(request, true);
            _ = request.ContinueWith(
                completed => _requestsInFlight.TryRemove(completed, out _),
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
    }

    private async Task HandleRequestAsync(HttpListenerContext context, CancellationToken stoppingToken)
    {
        // Yield so that a slow request never delays the accept loop.
        await Task.Yield();
        try
        {
            await requestHandler.HandleAsync(context, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            context.Response.Abort();
        }
        catch (Exception exception) when (exception is HttpListenerException or IOException or ObjectDisposedException)
        {
            // The client closed the connection, for example after its timeout, so the response cannot be sent.
            LogResponseAborted(exception, context.Request.HttpMethod, context.Request.Url?.AbsolutePath);
            context.Response.Abort();
        }
#pragma warning disable CA1031 // The request boundary logs any failure, because no caller observes this task.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            LogRequestFailed(exception, context.Request.HttpMethod, context.Request.Url?.AbsolutePath);
            context.Response.Abort();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Simulated LLM server listening on {BaseAddress}")]
    private partial void LogStarted(Uri baseAddress);

    [LoggerMessage(
        Level = LogLevel.Information,
        Message = "Simulated LLM server listening on {BaseAddress} for the search embeddings, because the Anthropic provider has no embeddings API. Summaries go to Anthropic")]
    private partial void LogStartedForEmbeddings(Uri baseAddress);

    [LoggerMessage(Level = LogLevel.Information, Message = "Simulated LLM server stopped")]
    private partial void LogStopped();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Simulated LLM server failed to bind port {Port}. Retrying with another port")]
    private partial void LogBindRetry(Exception exception, int port);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Simulated LLM server failed to send the response to {Method} {Path} because the client closed the connection")]
    private partial void LogResponseAborted(Exception exception, string method, string? path);

    [LoggerMessage(Level = LogLevel.Error, Message = "Simulated LLM server failed to handle {Method} {Path}")]
    private partial void LogRequestFailed(Exception exception, string method, string? path);
}
