using Microsoft.Extensions.AI;

namespace LlmObservability.Telemetry;

/// <summary>What is known about a call when it ends, successfully or not.</summary>
internal struct CallOutcome
{
    public string? ResponseModel;
    public string? ResponseId;
    public string? FinishReason;
    public UsageDetails? Usage;

    /// <summary>The provider SDK's response object, read only for usage details the adapter does not map.</summary>
    public object? RawResponse;
    public Exception? Error;

    /// <summary>False when a stream ended before its last update (early break, cancellation or failure).</summary>
    public bool Completed;

    /// <summary>Seconds from the start of a streaming call to its first update.</summary>
    public double? TimeToFirstChunk;

    public int? EmbeddingDimensions;

    /// <summary>The service tier that processed the call when the catalogue prices it apart: batch, flex or priority.</summary>
    public string? ServiceTier;
}
