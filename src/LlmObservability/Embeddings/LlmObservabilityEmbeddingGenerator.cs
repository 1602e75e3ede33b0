using LlmObservability.Telemetry;
using Microsoft.Extensions.AI;
using Conventions = LlmObservability.Telemetry.SemanticConventions;

namespace LlmObservability;

/// <summary>
/// A delegating embedding generator that records an <c>embeddings {model}</c> span, duration and input-token
/// metrics, and cost for models priced on input.
/// </summary>
/// <typeparam name="TInput">The type of the values embedded.</typeparam>
/// <typeparam name="TEmbedding">The type of the embeddings generated.</typeparam>
/// <remarks>
/// Follows the OpenTelemetry GenAI semantic conventions v1.41, which are still experimental. An exception thrown inside
/// the telemetry code is caught, logged once and counted; the caller's result or exception passes through unchanged.
/// </remarks>
public sealed class LlmObservabilityEmbeddingGenerator<TInput, TEmbedding> : DelegatingEmbeddingGenerator<TInput, TEmbedding>
    where TEmbedding : Embedding
{
    private readonly LlmTelemetry _telemetry;
    private readonly ClientDescription _client;
    private readonly int? _defaultDimensions;
    private readonly bool _emitSpans;
    private readonly bool _disposeInner;

    /// <summary>Initializes a new instance that uses the built-in pricing catalogue and default settings.</summary>
    /// <param name="innerGenerator">The generator to instrument.</param>
    public LlmObservabilityEmbeddingGenerator(IEmbeddingGenerator<TInput, TEmbedding> innerGenerator)
        : this(innerGenerator, LlmTelemetryFactory.CreateStandalone(null, null), disposeInner: true)
    {
    }

    internal LlmObservabilityEmbeddingGenerator(
        IEmbeddingGenerator<TInput, TEmbedding> innerGenerator, LlmTelemetry telemetry, bool disposeInner)
        : base(innerGenerator)
    {
        _telemetry = telemetry;
        _disposeInner = disposeInner;

        EmbeddingGeneratorMetadata? metadata = innerGenerator.GetService<EmbeddingGeneratorMetadata>();
        _client = ClientDescription.From(metadata?.ProviderName, metadata?.ProviderUri, metadata?.DefaultModelId);
        _defaultDimensions = metadata?.DefaultModelDimensions;
        _emitSpans = innerGenerator.GetService<OpenTelemetryEmbeddingGenerator<TInput, TEmbedding>>() is null;
    }

    /// <inheritdoc/>
    public override Task<GeneratedEmbeddings<TEmbedding>> GenerateAsync(
        IEnumerable<TInput> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);

        return _telemetry.IsEnabled
            ? GenerateWithTelemetryAsync(values, options, cancellationToken)
            : base.GenerateAsync(values, options, cancellationToken);
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (_disposeInner)
        {
            base.Dispose(disposing);
        }
    }

    private async Task<GeneratedEmbeddings<TEmbedding>> GenerateWithTelemetryAsync(
        IEnumerable<TInput> values, EmbeddingGenerationOptions? options, CancellationToken cancellationToken)
    {
        string? requestModel = options?.ModelId ?? _client.DefaultModelId;
        LlmCallRecorder recorder = LlmCallRecorder.Start(
            _telemetry, _client, Conventions.GenAI.EmbeddingsOperation, requestModel, streaming: false, _emitSpans,
            options?.AdditionalProperties);

        CallOutcome outcome = default;
        try
        {
            GeneratedEmbeddings<TEmbedding> embeddings =
                await base.GenerateAsync(values, options, cancellationToken).ConfigureAwait(false);
            outcome.Completed = true;
            outcome.Usage = embeddings.Usage;
            outcome.EmbeddingDimensions = options?.Dimensions ?? _defaultDimensions;
            if (embeddings.Count > 0)
            {
                outcome.ResponseModel = embeddings[0].ModelId;
                outcome.EmbeddingDimensions ??= embeddings[0].Dimensions;
            }

            return embeddings;
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
}
