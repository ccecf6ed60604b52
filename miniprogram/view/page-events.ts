// The shapes of the events pages receive: Vant's `change` carries the value itself as `detail`.
export type DetailEvent<T> = WechatMiniprogram.BaseEvent & { detail: T };

/** A `data-*` attribute of the tapped element, as text. */
export function datasetOf(event: WechatMiniprogram.BaseEvent, key: string): string {
  return String((event.currentTarget.dataset as Record<string, unknown>)[key] ?? '');
}
