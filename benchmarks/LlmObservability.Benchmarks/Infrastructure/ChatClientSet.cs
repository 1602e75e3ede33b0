using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace LlmObservability.Benchmarks.Infrastructure;

/// <summary>The three chat clients compared, each wrapped around the same inner client.</summary>
internal sealed class ChatClientSet : IDisposable
{
    private readonly ServiceProvider _services;

    /// <remarks>
    /// Content capture is set explicitly on both instrumented clients, so that
    /// <c>OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT</c> in the environment cannot change what is measured.
    /// </remarks>
    public ChatClientSet(IChatClient innerClient, bool captureContent)
    {
        PassThrough = new PassThroughChatClient(innerClient);

        Reference = new ChatClientBuilder(innerClient)
            .UseOpenTelemetry(
                sourceName: TelemetrySubscription.ReferenceSourceName,
                configure: client => client.EnableSensitiveData = captureContent)
            .Build();

        _services = new ServiceCollection().AddLlmObservability().BuildServiceProvider();
        Instrumented = new ChatClientBuilder(innerClient)
            .UseLlmObservability(options => options.CaptureMessageContent = captureContent)
            .Build(_services);
    }

    /// <summary>Gets the baseline, a delegating client that adds nothing.</summary>
    public IChatClient PassThrough { get; }

    /// <summary>Gets Microsoft.Extensions.AI's <see cref="OpenTelemetryChatClient"/>.</summary>
    public IChatClient Reference { get; }

    /// <summary>Gets this library's <see cref="LlmObservabilityChatClient"/>.</summary>
    public IChatClient Instrumented { get; }

    public void Dispose() => _services.Dispose();
}
