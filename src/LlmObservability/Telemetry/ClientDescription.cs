namespace LlmObservability.Telemetry;

/// <summary>The provider details from an instrumented client's metadata.</summary>
internal sealed record ClientDescription(string? ProviderName, string? ServerAddress, int ServerPort, string? DefaultModelId)
{
    public static ClientDescription From(string? providerName, Uri? providerUri, string? defaultModelId) =>
        new(
            providerName,
            providerUri?.Host,
            providerUri is null ? 0 : providerUri.Port,
            defaultModelId);
}
