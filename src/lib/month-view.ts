/**
 * Items per day, of each kind (bookings, imported events), the month view asks for. More than a month cell
 * shows on any screen (a week row would need some 700 px), so a day that has more always overflows its cell
 * and gets react-big-calendar's "+N more" link, which then adds the ones the server left out.
 */
export const MONTH_VIEW_ITEMS_PER_DAY = 20;
