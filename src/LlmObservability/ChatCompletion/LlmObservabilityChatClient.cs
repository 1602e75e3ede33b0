using System.Diagnostics;
using System.Runtime.CompilerServices;
using LlmObservability.Pricing;
using LlmObservability.Telemetry;
using Microsoft.Extensions.AI;
using Conventions = LlmObservability.Telemetry.SemanticConventions;

namespace LlmObservability;

/// <summary>
/// A delegating chat client that records OpenTelemetry spans, token metrics and USD cost for every call.
/// </summary>
/// <remarks>
/// Spans and metrics follow the OpenTelemetry GenAI semantic conventions v1.41, which are still experimental, plus
/// the TraceLoop/OpenLLMetry attributes. Metrics are recorded whether or not the span is sampled. An exception
/// thrown inside the telemetry code is caught, logged once and counted; the caller's result or exception is
/// passed through unchanged.
/// </remarks>
public sealed class LlmObservabilityChatClient : DelegatingChatClient
{
    private readonly LlmTelemetry _telemetry;
    private readonly ClientDescription _client;
    private readonly bool _emitSpans;
    private readonly bool _disposeInner;

    /// <summary>Initializes a new instance that uses the built-in pricing catalogue and default settings.</summary>
    /// <param name="innerClient">The client to instrument.</param>
    public LlmObservabilityChatClient(IChatClient innerClient)
        : this(innerClient, LlmTelemetryFactory.CreateStandalone(null, null), disposeInner: true)
    {
    }

    internal LlmObservabilityChatClient(IChatClient innerClient, LlmTelemetry telemetry, bool disposeInner)
        : base(innerClient)
    {
        _telemetry = telemetry;
        _disposeInner = disposeInner;

        ChatClientMetadata? metadata = innerClient.GetService<ChatClientMetadata>();
        _client = ClientDescription.From(metadata?.ProviderName, metadata?.ProviderUri, metadata?.DefaultModelId);

        // Microsoft's OpenTelemetryChatClient inside ours ends its span before the response reaches us, so a span of
        // ours would be a second span for the same call: record metrics only.
        _emitSpans = innerClient.GetService<OpenTelemetryChatClient>() is null;
        if (!_emitSpans)
        {
            Log.InnerClientEmitsSpans(telemetry.Logger);
        }
    }

    /// <inheritdoc/>
    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);

        return serviceKey is null && serviceType == typeof(ActivitySource) && _emitSpans
            ? _telemetry.ActivitySource
            : base.GetService(serviceType, serviceKey);
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        // A client that wraps an instance registered in dependency injection must not dispose it: the container does not.
        if (_disposeInner)
        {
            base.Dispose(disposing);
        }
    }

    /// <inheritdoc/>
    public override Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);

        return _telemetry.IsEnabled
            ? GetResponseWithTelemetryAsync(messages, options, cancellationToken)
            : base.GetResponseAsync(messages, options, cancellationToken);
    }

    /// <inheritdoc/>
    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);

        return _telemetry.IsEnabled
            ? GetStreamingResponseWithTelemetryAsync(messages, options, cancellationToken)
            : base.GetStreamingResponseAsync(messages, options, cancellationToken);
    }

    private async Task<ChatResponse> GetResponseWithTelemetryAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        LlmCallRecorder recorder = StartCall(messages, options, streaming: false);
        CallOutcome outcome = default;
        try
        {
            ChatResponse response = await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
            outcome.Completed = true;
            outcome.ResponseModel = response.ModelId;
            outcome.ResponseId = response.ResponseId;
            outcome.FinishReason = response.FinishReason?.Value;
            outcome.Usage = response.Usage;
            outcome.RawResponse = response.RawRepresentation;
            outcome.ServiceTier = ServiceTierReader.Read(response.RawRepresentation);
            CaptureOutput(recorder, response);
            return response;
        }
        catch (Exception exception)
        {
            outcome.Error = exception;
            throw;
        }
        finally
        {
            recorder.Finish(outcome);
        }
    }

    private async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseWithTelemetryAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        LlmCallRecorder recorder = StartCall(messages, options, streaming: true);
        CallOutcome outcome = default;

        // Updates are kept only for content capture; without it, memory does not grow with the number of chunks.
        List<ChatResponseUpdate>? captured = IsCapturing(recorder) ? [] : null;

        IAsyncEnumerator<ChatResponseUpdate> updates;
        try
        {
            updates = base.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        }
        catch (Exception exception)
        {
            outcome.Error = exception;
            recorder.Finish(outcome);
            throw;
        }

        // After each yield the caller's execution context is current again, so the inner client's later work (HTTP
        // spans, for example) would not be parented to this call's span. Each MoveNextAsync therefore runs in the
        // context captured while the span was current: unlike setting Activity.Current again, this allocates nothing
        // per chunk.
        SpanContextInvoker? spanContext = recorder.WritesStandardAttributes && ExecutionContext.Capture() is { } context
            ? new SpanContextInvoker(context, updates)
            : null;

        try
        {
            while (true)
            {
                ChatResponseUpdate update;
                try
                {
                    bool moved = spanContext is null
                        ? await updates.MoveNextAsync().ConfigureAwait(false)
                        : await spanContext.MoveNext().ConfigureAwait(false);
                    if (!moved)
                    {
                        outcome.Completed = true;
                        break;
                    }

                    update = updates.Current;
                }
                catch (Exception exception)
                {
                    outcome.Error = exception;
                    throw;
                }

                Observe(recorder, update, ref outcome);
                captured?.Add(update);
                yield return update;

            }
        }
        finally
        {
            if (captured is not null)
            {
                CaptureOutput(recorder, captured.ToChatResponse());
            }

            recorder.Finish(outcome);
            await updates.DisposeAsync().ConfigureAwait(false);
        }
    }

    private bool IsCapturing(LlmCallRecorder recorder) =>
        _telemetry.CaptureContent && recorder.Activity is { IsAllDataRequested: true };

    private void CaptureOutput(LlmCallRecorder recorder, ChatResponse response)
    {
        if (!IsCapturing(recorder))
        {
            return;
        }

        try
        {
            new ContentCapture(_telemetry).WriteOutput(
                recorder.Activity!, response.Messages, response.FinishReason?.Value, recorder.WritesStandardAttributes);
        }
        catch (Exception exception)
        {
            _telemetry.ReportFailure(Conventions.ErrorSources.Content, exception);
        }
    }

    private LlmCallRecorder StartCall(IEnumerable<ChatMessage> messages, ChatOptions? options, bool streaming)
    {
        string? requestModel = options?.ModelId ?? _client.DefaultModelId;
        LlmCallRecorder recorder = LlmCallRecorder.Start(
            _telemetry, _client, Conventions.GenAI.ChatOperation, requestModel, streaming, _emitSpans,
            options?.AdditionalProperties);

        if (recorder.WritesStandardAttributes && options is not null && recorder.Activity is { IsAllDataRequested: true } activity)
        {
            try
            {
                ChatRequestAttributes.Write(activity, options, _telemetry.CaptureContent);
            }
            catch (Exception exception)
            {
                _telemetry.ReportFailure(Conventions.ErrorSources.Enrichment, exception);
            }
        }

        if (IsCapturing(recorder))
        {
            try
            {
                new ContentCapture(_telemetry).WriteInput(recorder.Activity!, messages, options, recorder.WritesStandardAttributes);
            }
            catch (Exception exception)
            {
                _telemetry.ReportFailure(Conventions.ErrorSources.Content, exception);
            }
        }

        return recorder;
    }

    private void Observe(LlmCallRecorder recorder, ChatResponseUpdate update, ref CallOutcome outcome)
    {
        try
        {
            outcome.ResponseModel ??= update.ModelId;
            outcome.ResponseId ??= update.ResponseId;
            if (update.FinishReason is ChatFinishReason finishReason)
            {
                outcome.FinishReason = finishReason.Value;
            }

            bool first = outcome.TimeToFirstChunk is null;
            bool hasUsage = false;
            IList<AIContent> contents = update.Contents;
            for (int i = 0; i < contents.Count; i++)
            {
                if (contents[i] is UsageContent usage)
                {
                    (outcome.Usage ??= new UsageDetails()).Add(usage.Details);
                    hasUsage = true;
                }
            }

            // Providers repeat the service tier on every update; reading the first and the one with usage is enough.
            if (outcome.ServiceTier is null && (first || hasUsage))
            {
                outcome.ServiceTier = ServiceTierReader.Read(update.RawRepresentation);
            }

            // Anthropic's first event, message_start, carries the split of cache writes into 5-minute and 1-hour ones.
            if (first)
            {
                outcome.RawResponse = update.RawRepresentation;
            }

            recorder.RecordChunk(outcome.ResponseModel, ref outcome);
        }
        catch (Exception exception)
        {
            _telemetry.ReportFailure(Conventions.ErrorSources.Enrichment, exception);
        }
    }

    /// <summary>Calls <c>MoveNextAsync</c> of the inner updates inside the execution context of this call's span.</summary>
    private sealed class SpanContextInvoker(ExecutionContext context, IAsyncEnumerator<ChatResponseUpdate> updates)
    {
        // The ValueTask is kept only between Run returning and MoveNext returning it, and awaited once by the caller.
#pragma warning disable CA2012
        private static readonly ContextCallback MoveNextCallback = static state =>
        {
            SpanContextInvoker invoker = (SpanContextInvoker)state!;
            invoker._pending = invoker._updates.MoveNextAsync();
        };
#pragma warning restore CA2012

        private readonly IAsyncEnumerator<ChatResponseUpdate> _updates = updates;
        private ValueTask<bool> _pending;

        public ValueTask<bool> MoveNext()
        {
            ExecutionContext.Run(context, MoveNextCallback, this);
            ValueTask<bool> pending = _pending;
            _pending = default;
            return pending;
        }
    }
}
