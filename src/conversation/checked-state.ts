import { ConversationState, UserState, calculateChangeHash, type BotState, type Storage, type StoreItem, type TurnContext } from 'botbuilder-core';

/**
 * botbuilder's BotState always saves with eTag '*', so two overlapping turns silently overwrite
 * each other. These subclasses save with the eTag that was read at the start of the turn, so the
 * storage's compare-and-set turns a lost update into an error (handled by onTurnError). State that
 * did not exist yet, or was cleared during the turn, is written unconditionally.
 */
const savedHash = new WeakMap<object, string>();

async function loadChecked(state: Promise<StoreItem>): Promise<StoreItem> {
  const loaded = await state;
  if (!savedHash.has(loaded)) savedHash.set(loaded, calculateChangeHash(loaded));
  return loaded;
}

async function saveChecked(botState: BotState, storage: Storage, key: string, context: TurnContext, force: boolean): Promise<void> {
  const state = botState.get(context) as StoreItem | undefined;
  if (!state) return;
  const hash = calculateChangeHash(state);
  if (!force && savedHash.get(state) === hash) return;
  if (state.eTag === undefined) state.eTag = '*';
  // The storage replaces state.eTag with the new one, so a second save this turn stays checked.
  await storage.write({ [key]: state });
  savedHash.set(state, hash);
}

export class CheckedConversationState extends ConversationState {
  constructor(private readonly store: Storage) {
    super(store);
  }

  override load(context: TurnContext, force = false): Promise<StoreItem> {
    return loadChecked(super.load(context, force));
  }

  override async saveChanges(context: TurnContext, force = false): Promise<void> {
    await saveChecked(this, this.store, this.getStorageKey(context)!, context, force);
  }
}

export class CheckedUserState extends UserState {
  constructor(private readonly store: Storage) {
    super(store);
  }

  override load(context: TurnContext, force = false): Promise<StoreItem> {
    return loadChecked(super.load(context, force));
  }

  override async saveChanges(context: TurnContext, force = false): Promise<void> {
    await saveChecked(this, this.store, this.getStorageKey(context)!, context, force);
  }
}
