// The screens a picture is taken at: the store's 10" tablet in landscape and a phone in portrait.

export interface ScreenSize {
  name: string;
  width: number;
  height: number;
  /** Device pixels per CSS pixel: a phone's screen is denser. */
  scale: number;
}

export const TABLET: ScreenSize = { name: 'tablet', width: 1024, height: 768, scale: 1 };
export const PHONE: ScreenSize = { name: 'phone', width: 375, height: 667, scale: 2 };

export const SCREEN_SIZES: ScreenSize[] = [TABLET, PHONE];
