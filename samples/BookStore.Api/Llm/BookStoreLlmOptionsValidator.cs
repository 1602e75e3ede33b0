using Microsoft.Extensions.Options;

namespace BookStore.Api.Llm;

/// <summary>Rejects an invalid <c>BookStore:Llm</c> section at start-up, naming the setting to fix.</summary>
internal sealed class BookStoreLlmOptionsValidator : IValidateOptions<BookStoreLlmOptions>
{
    public ValidateOptionsResult Validate(string? name, BookStoreLlmOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        const string section = BookStoreLlmOptions.SectionName;
        var failures = new List<string>();

        if (options.ApiKeyEnvironmentVariable is { } apiKeyVariable && string.IsNullOrWhiteSpace(options.ApiKey))
        {
            failures.Add(
                $"{section}:ApiKey is missing. Set it, or the {apiKeyVariable} environment variable, when "
                + $"{section}:Provider is {options.Provider}.");
        }

        if (options.Endpoint is { IsAbsoluteUri: false })
        {
            failures.Add($"{section}:Endpoint must be an absolute URL, such as https://example.com/v1.");
        }

        if (string.IsNullOrWhiteSpace(options.EmbeddingModel))
        {
            failures.Add($"{section}:EmbeddingModel is empty. Set an embedding model id, such as text-embedding-3-small.");
        }

        if (!(options.TimeoutSeconds > 0))
        {
            failures.Add($"{section}:TimeoutSeconds is {options.TimeoutSeconds}. Set a number of seconds greater than 0.");
        }

        ValidateSimulated(options.Simulated, failures);

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateSimulated(SimulatedLlmOptions simulated, List<string> failures)
    {
        const string section = BookStoreLlmOptions.SectionName + ":Simulated";

        if (simulated.Port is < 0 or > 65535)
        {
            failures.Add($"{section}:Port is {simulated.Port}. Set 0 for a free port, or a port from 1 to 65535.");
        }

        if (simulated.LatencyMs < 0)
        {
            failures.Add($"{section}:LatencyMs is {simulated.LatencyMs}. Set 0 or more milliseconds.");
        }

        if (simulated.JitterMs < 0)
        {
            failures.Add($"{section}:JitterMs is {simulated.JitterMs}. Set 0 or more milliseconds.");
        }

        if (simulated.FaultRate is < 0 or > 1 || double.IsNaN(simulated.FaultRate))
        {
            failures.Add($"{section}:FaultRate is {simulated.FaultRate}. Set a fraction from 0 to 1.");
        }
    }
}
