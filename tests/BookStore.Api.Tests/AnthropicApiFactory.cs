using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace BookStore.Api.Tests;

/// <summary>
/// Starts the BookStore API with <c>BookStore:Llm:Provider</c> set to <c>Anthropic</c>, pointed at an
/// <see cref="AnthropicReplayServer"/> on loopback. Every log message, down to Trace level, goes to
/// <see cref="LogMessages"/> and nowhere else.
/// </summary>
public sealed class AnthropicApiFactory : BookStoreApiFactory, IAsyncLifetime
{
    /// <summary>API key that the API must send to the provider and never log.</summary>
    public const string ApiKey = "sk-ant-test-6f1c0d9e2b7a4c58";

    /// <summary>Delay of a replayed response that must outlast the client's timeout.</summary>
    public static readonly TimeSpan LongerThanTimeout = TimeSpan.FromSeconds(5);

    private readonly ConcurrentQueue<string> _logMessages = new();
    private AnthropicReplayServer? _server;
    private int _serverDisposed;

    public AnthropicReplayServer ReplayServer =>
        _server ?? throw new InvalidOperationException("The replay server has not started. xUnit calls InitializeAsync before the first test.");

    /// <summary>Formatted log messages, with the exception text of those that have one.</summary>
    public IReadOnlyCollection<string> LogMessages => _logMessages;

    /// <summary>One second, so that a replayed timeout ends quickly.</summary>
    protected override double TimeoutSeconds => 1;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["BookStore:Llm:Provider"] = "Anthropic",
        ["BookStore:Llm:ApiKey"] = ApiKey,
        ["BookStore:Llm:Endpoint"] = ReplayServer.BaseAddress.ToString(),
        ["Logging:LogLevel:Default"] = "Trace",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
        ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "Trace",
        ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Trace",
    };

    public async Task InitializeAsync() => _server = await AnthropicReplayServer.StartAsync();

    async Task IAsyncLifetime.DisposeAsync() => await DisposeServerAsync();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await DisposeServerAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging =>
        {
            logging.ClearProviders();
            logging.AddProvider(new CapturingLoggerProvider(_logMessages));
        });
    }

    private async Task DisposeServerAsync()
    {
        if (_server is not null && Interlocked.Exchange(ref _serverDisposed, 1) == 0)
        {
            await _server.DisposeAsync();
        }
    }

    private sealed class CapturingLoggerProvider(ConcurrentQueue<string> messages) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, messages);

        public void Dispose()
        {
        }
    }

    private sealed class CapturingLogger(string categoryName, ConcurrentQueue<string> messages) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(
            LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var message = string.Create(CultureInfo.InvariantCulture, $"{logLevel} {categoryName}: {formatter(state, exception)}");
            messages.Enqueue(exception is null ? message : message + Environment.NewLine + exception);
        }
    }
}
