namespace LlmObservability;

/// <summary>Prices and aliases that add to or override the built-in pricing catalogue.</summary>
public class LlmPricingOptions
{
    /// <summary>Gets the model prices, keyed by model id; an entry replaces a built-in entry of the same id.</summary>
    /// <value>Empty. Configuration key: <c>LlmObservability:Pricing:Models:{model}:Input</c> and so on.</value>
    public IDictionary<string, LlmModelPrice> Models { get; } =
        new Dictionary<string, LlmModelPrice>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets the aliases: a deployment or other model name, mapped to a catalogue model id.</summary>
    /// <value>Empty. Configuration key: <c>LlmObservability:Pricing:Aliases:{deployment}</c> = model id.</value>
    public IDictionary<string, string> Aliases { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Gets or sets the path of a pricing file, in this library's catalogue format or in LiteLLM's
    /// <c>model_prices_and_context_window.json</c> format. Its entries override the built-in ones, and configured
    /// <see cref="Models"/> override both.
    /// </summary>
    /// <value><see langword="null"/>: no file. Configuration key: <c>LlmObservability:Pricing:File</c>.</value>
    public string? File { get; set; }

    /// <summary>
    /// Gets or sets whether the pricing file is read again when it changes. A reload that fails keeps the last good
    /// catalogue and logs the error with the file and line.
    /// </summary>
    /// <value><see langword="true"/>.</value>
    public bool ReloadOnChange { get; set; } = true;

    /// <summary>Gets or sets whether the built-in catalogue embedded in the package is used.</summary>
    /// <value><see langword="true"/>.</value>
    public bool UseBuiltInCatalog { get; set; } = true;
}
