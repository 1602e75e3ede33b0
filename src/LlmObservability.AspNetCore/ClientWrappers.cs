using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.AI;

namespace LlmObservability.AspNetCore;

/// <summary>Wraps one kind of client registered in dependency injection.</summary>
internal interface IClientWrapper
{
    object Wrap(object inner, IServiceProvider services, bool ownsInner);
}

/// <summary>Wraps an <see cref="IChatClient"/>, unless its pipeline already contains our client.</summary>
internal sealed class ChatClientWrapper : IClientWrapper
{
    public static readonly ChatClientWrapper Instance = new();

    public object Wrap(object inner, IServiceProvider services, bool ownsInner)
    {
        IChatClient client = (IChatClient)inner;
        if (client.GetService<LlmObservabilityChatClient>() is not null)
        {
            return client;
        }

        return new LlmObservabilityChatClient(client, LlmTelemetryFactory.Resolve(services, null), ownsInner);
    }
}

/// <summary>Wraps an <c>IEmbeddingGenerator&lt;TInput, TEmbedding&gt;</c> of any closed type.</summary>
internal sealed class EmbeddingGeneratorWrapper : IClientWrapper
{
    private readonly Type _wrapperType;

    private EmbeddingGeneratorWrapper(Type wrapperType)
    {
        _wrapperType = wrapperType;
    }

    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "The closed generic type comes from a registered service type.")]
    [UnconditionalSuppressMessage("Trimming", "IL2055", Justification = "The closed generic type comes from a registered service type.")]
    public static EmbeddingGeneratorWrapper? TryCreate(Type serviceType)
    {
        if (!serviceType.IsGenericType || serviceType.GetGenericTypeDefinition() != typeof(IEmbeddingGenerator<,>))
        {
            return null;
        }

        Type[] arguments = serviceType.GetGenericArguments();
        if (!typeof(Embedding).IsAssignableFrom(arguments[1]))
        {
            return null;
        }

        return new EmbeddingGeneratorWrapper(typeof(LlmObservabilityEmbeddingGenerator<,>).MakeGenericType(arguments));
    }

    public object Wrap(object inner, IServiceProvider services, bool ownsInner)
    {
        var generator = (IEmbeddingGenerator)inner;
        if (generator.GetService(_wrapperType) is not null)
        {
            return inner;
        }

        return Activator.CreateInstance(
            _wrapperType,
            System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public,
            binder: null,
            args: [inner, LlmTelemetryFactory.Resolve(services, null), ownsInner],
            culture: null)!;
    }
}
