/** The bell, the notifications page and the delivery preferences. */
import type { Entry } from './entry';

export const NOTIFICATION_MESSAGES = {
  'notifications.title': { kk: 'Хабарламалар', ru: 'Уведомления' },
  'notifications.unread': { kk: 'Оқылмаған хабарламалар', ru: 'Непрочитанные уведомления' },
  'notifications.list': { kk: 'Соңғы хабарламалар', ru: 'Последние уведомления' },
  'notifications.readAll': { kk: 'Барлығын оқылды деп белгілеу', ru: 'Отметить все прочитанными' },
  'notifications.empty': { kk: 'Хабарлама жоқ.', ru: 'Уведомлений нет.' },
  'notifications.preferences': { kk: 'Хабарламаларды жеткізу', ru: 'Доставка уведомлений' },
  'notifications.noEmail': {
    kk: 'Сіздің электрондық поштаңыз көрсетілмеген: хабарламалар тек жүйеде көрсетіледі.',
    ru: 'У вас не указана электронная почта: уведомления показываются только в системе.',
  },
  'notifications.kind': { kk: 'Не туралы', ru: 'О чём' },
  'notifications.channel': { kk: 'Қалай жеткізу', ru: 'Как доставлять' },
  'notifications.channel.app': { kk: 'Тек жүйеде', ru: 'Только в системе' },
  'notifications.channel.email': { kk: 'Жүйеде және поштамен', ru: 'В системе и по почте' },
  'notifications.channel.digest': { kk: 'Күнделікті жиынтық хат', ru: 'Ежедневная сводка по почте' },
  'notifications.mailLanguage': { kk: 'Хаттардың тілі:', ru: 'Язык писем:' },
  'notifications.saved': { kk: 'Сақталды.', ru: 'Сохранено.' },
} as const satisfies Record<string, Entry>;
