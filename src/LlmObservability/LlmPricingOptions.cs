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

    /// <summary>Gets or sets whether the built-in catalogue embedded in the package is used.</summary>
    /// <value><see langword="true"/>.</value>
    public bool UseBuiltInCatalog { get; set; } = true;
}
