import { makeMemoryEventStore } from "@gridcase/adapters/memory"
import { describeEventStoreContract } from "@gridcase/adapters/testing"

describeEventStoreContract("memory", { make: async () => makeMemoryEventStore() })
