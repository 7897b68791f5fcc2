using System;
using InstanceProfileTools.Core.Operations;

namespace InstanceProfileTools.Core.ErrorMapping
{
    /// <summary>
    /// What to do about a failure, kept with the exception (its message says it too) so that the cmdlets can put it
    /// in ErrorDetails.RecommendedAction, where scripts and hosts look for it.
    /// </summary>
    public static class RecommendedAction
    {
        private const string Key = "InstanceProfileTools.RecommendedAction";

        /// <summary>Attaches <paramref name="action"/> to <paramref name="error"/> and answers the error.</summary>
        public static T Attach<T>(T error, string action)
            where T : Exception
        {
            if (error is null) throw new ArgumentNullException(nameof(error));
            error.Data[Key] = action;
            return error;
        }

        /// <summary>The action attached to <paramref name="error"/>, or null.</summary>
        public static string? Of(Exception error) => error?.Data[Key] as string;
    }
}
