// The member card's words for stored value the till holds back while it syncs (member-view.ts).
export const zhMemberSync = {
  /** Online again, the server's catch-up not in yet: stored value is held to the offline caps. */
  catchingUpSpendable: (amount: string) => `同步中，可用储值暂限 ${amount}`,
};
