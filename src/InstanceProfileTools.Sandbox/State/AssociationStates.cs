using System;

namespace InstanceProfileTools.Sandbox.State
{
    /// <summary>The wire names of association states and how an association's state follows from its timestamps.</summary>
    public static class AssociationStates
    {
        /// <summary>Being associated.</summary>
        public const string Associating = "associating";

        /// <summary>Associated.</summary>
        public const string Associated = "associated";

        /// <summary>Being disassociated.</summary>
        public const string Disassociating = "disassociating";

        /// <summary>Gone: no longer listed.</summary>
        public const string Disassociated = "disassociated";

        /// <summary>The association's state at <paramref name="time"/> (which must not be before its creation).</summary>
        public static string At(AssociationEntity association, DateTimeOffset time)
        {
            if (association.RetiredAt is DateTimeOffset retiredAt && time >= retiredAt)
            {
                return association.GoneAt is DateTimeOffset goneAt && time < goneAt ? Disassociating : Disassociated;
            }

            return association.Stuck || time < association.AssociatedAt ? Associating : Associated;
        }

        /// <summary>Retires an association: it disassociates for <paramref name="disassociating"/>, then is gone.</summary>
        public static void Retire(AssociationEntity association, DateTimeOffset now, TimeSpan disassociating, long sequence)
        {
            association.RetiredAt = now;
            association.RetiredSeq = sequence;
            association.GoneAt = now + disassociating;
        }
    }
}
