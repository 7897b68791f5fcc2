using System;

namespace InstanceProfileTools.Core.Operations
{
    /// <summary>The outcome for one item of a batch: its value, or the failure that item alone met.</summary>
    public sealed class ItemResult<T>
    {
        private readonly T _value;

        private ItemResult(T value, InstanceProfileToolsException? error)
        {
            _value = value;
            Error = error;
        }

        public InstanceProfileToolsException? Error { get; }

        /// <summary>The value; throws the item's failure when it has one.</summary>
        public T Value => Error is null ? _value : throw Error;

        public static ItemResult<T> Of(T value) => new(value, null);

        public static ItemResult<T> Failed(InstanceProfileToolsException error) =>
            new(default!, error ?? throw new ArgumentNullException(nameof(error)));
    }
}
