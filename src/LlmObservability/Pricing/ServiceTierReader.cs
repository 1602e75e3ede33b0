using System.Collections.Concurrent;
using System.Reflection;

namespace LlmObservability.Pricing;

/// <summary>
/// Reads the service tier that processed a call from the provider SDK's response object: its <c>ServiceTier</c>
/// property, as on OpenAI's chat completion and streaming update (the <c>service_tier</c> field), or that of its
/// <c>Usage</c> object.
/// </summary>
/// <remarks>Only tiers the catalogue prices apart are returned; <c>default</c>, <c>standard</c> and <c>auto</c> mean the standard prices.</remarks>
internal static class ServiceTierReader
{
    private static readonly string[] PricedTiers = ["batch", "flex", "priority"];
    private static readonly ConcurrentDictionary<Type, Func<object, string?>?> Readers = new();

    /// <summary>
    /// Returns <c>batch</c>, <c>flex</c> or <c>priority</c>, or <see langword="null"/> for the standard tier, for none,
    /// and when the object cannot be read. It never throws, because it runs in the caller's path.
    /// </summary>
    public static string? Read(object? rawResponse)
    {
        if (rawResponse is null)
        {
            return null;
        }

        string? tier;
        try
        {
            Func<object, string?>? reader = Readers.GetOrAdd(rawResponse.GetType(), CreateReader);
            tier = reader?.Invoke(rawResponse);
        }
        catch (Exception)
        {
            // An SDK type whose property cannot be read this way, or a getter that throws: price at the standard tier.
            return null;
        }

        if (tier is null)
        {
            return null;
        }

        foreach (string priced in PricedTiers)
        {
            if (string.Equals(tier, priced, StringComparison.OrdinalIgnoreCase))
            {
                return priced;
            }
        }

        return null;
    }

    private static Func<object, string?>? CreateReader(Type type)
    {
        const BindingFlags Public = BindingFlags.Public | BindingFlags.Instance;
        if (type.GetProperty("ServiceTier", Public) is { GetMethod: { } direct })
        {
            return CreateGetter(type, direct);
        }

        if (type.GetProperty("Usage", Public) is { GetMethod: { } usage }
            && usage.ReturnType.GetProperty("ServiceTier", Public) is { GetMethod: { } nested }
            && CreateGetter(usage.ReturnType, nested) is { } readNested
            && !usage.ReturnType.IsValueType)
        {
            Func<object, object?> readUsage = raw => usage.Invoke(raw, null);
            return raw => readUsage(raw) is { } usageValue ? readNested(usageValue) : null;
        }

        return null;
    }

    // A typed delegate reads the property without boxing it, which matters because it runs on every call.
    private static Func<object, string?> CreateGetter(Type owner, MethodInfo getter) =>
        (Func<object, string?>)typeof(ServiceTierReader).GetMethod(nameof(CreateTypedGetter), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(owner, getter.ReturnType)
            .Invoke(null, [getter])!;

    private static Func<object, string?> CreateTypedGetter<TOwner, TValue>(MethodInfo getter)
    {
        Func<TOwner, TValue> read = getter.CreateDelegate<Func<TOwner, TValue>>();
        return raw => read((TOwner)raw)?.ToString();
    }
}
